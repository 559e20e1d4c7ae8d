import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import fs from 'node:fs';
import { HattamaError } from '../../common/errors';

// The station's signing key at rest is encrypted with a key-encryption key: Electron's
// safeStorage in the desktop app (main/electron implements this interface), a passphrase read
// from a 0600 file headless. A copy of the data directory, or a disk taken out, then carries no
// usable key without the passphrase (or the OS keychain's secret). It does not help against root
// on the running station, or a person who also has the passphrase file.

export interface KeyEncryption {
  encrypt(plain: Buffer): Buffer;
  /** Throws when the bytes were not encrypted with this key, or were changed. */
  decrypt(sealed: Buffer): Buffer;
}

const MAGIC = Buffer.from('HTKEK1\n');
// scrypt N=2^15, r=8, p=1: about 50 ms and 32 MiB, once per start.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** scrypt + AES-256-GCM: MAGIC | salt (16) | iv (12) | tag (16) | ciphertext. */
export function passphraseEncryption(passphrase: string): KeyEncryption {
  if (!passphrase) throw new HattamaError('app.keyPassphraseMissing', { path: '' });
  const keyFor = (salt: Buffer) => scryptSync(passphrase, salt, 32, SCRYPT);
  return {
    encrypt(plain) {
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyFor(salt), iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([MAGIC, salt, iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      if (!sealed.subarray(0, MAGIC.length).equals(MAGIC)) throw new HattamaError('app.keyUndecryptable', {});
      const at = MAGIC.length;
      const salt = sealed.subarray(at, at + 16);
      const iv = sealed.subarray(at + 16, at + 28);
      const tag = sealed.subarray(at + 28, at + 44);
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyFor(salt), iv);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(sealed.subarray(at + 44)), decipher.final()]);
      } catch (e) {
        throw new HattamaError('app.keyUndecryptable', {}, undefined, { cause: e });
      }
    },
  };
}

/**
 * The passphrase from its file (first line): the file must be the station user's alone (no
 * group or other bits), else it is refused. On Windows modes are not kept, so the check is skipped.
 */
export function readPassphraseFile(file: string, platform = process.platform): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new HattamaError('app.keyPassphraseUnreadable', { path: file }, undefined, { cause: e });
  }
  if (platform !== 'win32' && (stat.mode & 0o077) !== 0) throw new HattamaError('app.keyPassphraseMode', { path: file, mode: (stat.mode & 0o777).toString(8) });
  const passphrase = fs.readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
  if (!passphrase) throw new HattamaError('app.keyPassphraseMissing', { path: file });
  return passphrase;
}
