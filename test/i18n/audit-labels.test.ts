import { describe, expect, it } from 'vitest';
import { ACCESS, UNAUDITED } from '../../common/contract/access';
import { CALL_NAMES } from '../../common/contract/index';
import audit from '../../common/i18n/audit';

// Every call the access audit can record has a label in each language, so the judge's and the
// administrator's audit never shows an internal call name (a new call without one fails here).

describe('access audit labels', () => {
  it('name every audited call, and the media read, in kk, ru and en', () => {
    const audited = [...CALL_NAMES.filter((c) => !UNAUDITED.has(c)), 'media.read'];
    expect(audited.length).toBeGreaterThan(30);
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const calls = audit[lang].calls as unknown as Record<string, Record<string, string>>;
      const missing = audited.filter((c) => {
        const [ns, m] = c.split('.');
        return typeof calls[ns!]?.[m!] !== 'string';
      });
      expect(missing, lang).toEqual([]);
    }
    expect(Object.keys(ACCESS).length).toBe(CALL_NAMES.length);
  });
});
