import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HattamaError } from '../../common/errors';
import { passphraseEncryption, readPassphraseFile } from '../../main/keys/key-encryption';
import { toErrorPayload } from '../../main/i18n/translator';
import { tempDir, thrownCode } from '../support/tools';

// The attack: the key file copied off the disk. Encrypted with a passphrase, it is not a usable
// key without it: neither as PEM, nor with another passphrase, nor after a changed byte.
const pem = () => Buffer.from(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
const codeOf = thrownCode;

describe('key encryption with a passphrase', () => {
  it('the sealed key is no key without the passphrase', () => {
    const plain = pem();
    const sealed = passphraseEncryption('court secret 1').encrypt(plain);
    expect(sealed.includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    expect(() => createPrivateKey(sealed)).toThrow();
    expect(codeOf(() => passphraseEncryption('another').decrypt(sealed))).toBe('app.keyUndecryptable');
    const changed = Buffer.from(sealed);
    changed[changed.length - 1] = changed[changed.length - 1]! ^ 1;
    expect(codeOf(() => passphraseEncryption('court secret 1').decrypt(changed))).toBe('app.keyUndecryptable');
    expect(passphraseEncryption('court secret 1').decrypt(sealed).equals(plain)).toBe(true);
  });

  it('reads the passphrase only from a 0600 file, with translated refusals', () => {
    const dir = tempDir('hattama-kek-');
    const file = path.join(dir, 'station.passphrase');
    fs.writeFileSync(file, 'court secret 1\n', { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    expect(readPassphraseFile(file, 'linux')).toBe('court secret 1');
    fs.chmodSync(file, 0o644);
    let err: unknown;
    try {
      readPassphraseFile(file, 'linux');
    } catch (e) {
      err = e;
    }
    expect((err as HattamaError).code).toBe('app.keyPassphraseMode');
    expect(toErrorPayload(err, 'en').message).toContain('chmod 600');
    expect(toErrorPayload(err, 'kk').message).toContain('644');
    expect(toErrorPayload(err, 'ru').message).toContain('chmod 600');
    expect(codeOf(() => readPassphraseFile(path.join(dir, 'none'), 'linux'))).toBe('app.keyPassphraseUnreadable');
    const empty = path.join(dir, 'empty');
    fs.writeFileSync(empty, '\n', { mode: 0o600 });
    fs.chmodSync(empty, 0o600);
    expect(codeOf(() => readPassphraseFile(empty, 'linux'))).toBe('app.keyPassphraseMissing');
  });
});
