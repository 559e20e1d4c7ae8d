import { describe, expect, it } from 'vitest';
import { namespaces } from '../../common/i18n/index';
import type { Messages } from '../../common/i18n/define';
import { latinWords, rawIdentifiers } from './latin-words';

// What a person reads in Kazakh or Russian holds no English word and no internal identifier
// (`exhibit_offered`, `name:`, "station", "bridge"): only the Latin abbreviations a court
// uses as they are, and names of files, keys and programs a technician types. Placeholders and
// nested keys ({{x}}, $t(...)) are not text.

function strings(m: Messages, prefix = ''): Array<[string, string]> {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : strings(v, `${prefix}${k}.`)));
}

describe('kk and ru hold no Latin-script identifier', () => {
  for (const lang of ['kk', 'ru'] as const) {
    it(`${lang}: every message of every namespace`, () => {
      const found: string[] = [];
      for (const [ns, m] of Object.entries(namespaces)) {
        for (const [key, text] of strings(m[lang] as Messages)) {
          const bad = [...latinWords(text), ...rawIdentifiers(text).map((p) => `{{${p}}}`)];
          if (bad.length) found.push(`${ns}:${key}: ${bad.join(', ')} — ${text}`);
        }
      }
      expect(found).toEqual([]);
    });
  }

  it('catches what the secretary saw', () => {
    expect(latinWords('disconnected')).toEqual(['disconnected']);
    expect(latinWords('«exhibit_offered» жазбасына')).toEqual(['exhibit_offered']);
    expect(latinWords('Деректер дұрыс емес: name: Міндетті өріс')).toEqual(['name']);
    expect(rawIdentifiers('«{{kind}}» жазбасына, $t(protocol:kinds.{{kind}})')).toEqual(['kind']);
    expect(latinWords('PDF, DOCX, SHA-256, PIN-код, {{kind}}, $t(protocol:kinds.{{kind}})')).toEqual([]);
  });
});

describe('Russian as a court writes it', () => {
  it('has no gender brackets ("заявил(а)") and names the speaker «Выступающий», not «Говорит»', () => {
    const found: string[] = [];
    for (const [ns, m] of Object.entries(namespaces))
      for (const [key, text] of strings(m.ru as Messages)) if (/[а-яё]\((а|ла|на|ен|ён)\)/i.test(text) || /\bГоворит\b|говорящ/i.test(text)) found.push(`${ns}:${key}: ${text}`);
    expect(found).toEqual([]);
  });

  it('attendance in the words of the protocol', () => {
    expect(namespaces.protocol.kk.attendance).toMatchObject({ present: 'Келді', absent: 'Келмеді', remote: 'Бейнебайланыс арқылы қатысты' });
    expect(namespaces.protocol.ru.attendance).toMatchObject({ present: 'Явился', absent: 'Не явился', remote: 'Участвует по видеосвязи' });
  });
});
