import { describe, expect, it } from 'vitest';
import { iinCheckDigit, isValidIin } from '../../common/people/iin';
import { hashPin, verifyPin } from '../../main/people/pin';

describe('IIN', () => {
  it('accepts a number whose check digit matches, refuses one digit off', () => {
    const first11 = '90010150012';
    const check = iinCheckDigit(first11);
    expect(check).not.toBeNull();
    const iin = `${first11}${check}`;
    expect(isValidIin(iin)).toBe(true);
    expect(isValidIin(`${first11}${(check! + 1) % 10}`)).toBe(false);
    for (const bad of ['', '12345678901', '1234567890123', '90010150012a', ' 900101500120']) expect(isValidIin(bad), bad).toBe(false);
  });

  it('uses the second weights when the first sum gives 10, and refuses a number where both do', () => {
    // Search the digit space for both cases: the rule is the algorithm, not a table of examples.
    let second = false;
    let none = false;
    for (let n = 0; n < 200_000 && !(second && none); n++) {
      const first11 = String(85020300000 + n);
      const d = [...first11].map(Number);
      const s1 = d.reduce((s, x, i) => s + x * (i + 1), 0) % 11;
      const c = iinCheckDigit(first11);
      if (s1 === 10 && c !== null) second = true;
      if (c === null) {
        none = true;
        for (let k = 0; k < 10; k++) expect(isValidIin(`${first11}${k}`)).toBe(false);
      }
    }
    expect(second && none).toBe(true);
  });
});

describe('PIN hashing', () => {
  it('is salted (two hashes of one PIN differ), verifies the right PIN only, and never contains it', async () => {
    const a = await hashPin('4711');
    const b = await hashPin('4711');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain('4711');
    expect(await verifyPin('4711', a)).toBe(true);
    expect(await verifyPin('4712', a)).toBe(false);
    expect(await verifyPin('4711', 'plain$4711')).toBe(false);
  });
});
