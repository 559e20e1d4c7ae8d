import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { i18nOptions } from '../../common/i18n/index';
import { errorText } from '../../renderer/src/secretary/format';
import { latinWords } from './latin-words';

// A refusal the core explains field by field ("name: Міндетті өріс") reaches the secretary with
// the field's label on the screen, not its path in the contract.

describe('refusals as the console shows them', () => {
  for (const lang of ['kk', 'ru'] as const) {
    it(`${lang}: field paths become the screen's labels, or nothing`, async () => {
      const i18n = i18next.createInstance();
      await i18n.init(i18nOptions(lang) as Parameters<typeof i18n.init>[0]);
      const shown = errorText(
        { code: 'app.invalidInput', message: 'Деректер дұрыс емес: name: Міндетті өріс; exhibit.number: Тым қысқа; zzz: ?', fields: [{ path: 'name', message: 'Міндетті өріс' }, { path: 'exhibit.number', message: 'Тым қысқа' }, { path: 'zzz', message: '?' }] },
        i18n.t,
      );
      expect(latinWords(shown)).toEqual([]);
      expect(shown).toContain(lang === 'kk' ? 'Аты-жөні: Міндетті өріс' : 'ФИО: Міндетті өріс');
      expect(shown).toContain(lang === 'kk' ? 'Дәлелдеме нөмірі: Тым қысқа' : 'Номер доказательства: Тым қысқа');
      // Without fields, the core's message as it is.
      expect(errorText({ code: 'hearing.notOpen', message: 'x' }, i18n.t)).toBe('x');
    });
  }
});
