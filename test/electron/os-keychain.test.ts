import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopKeyEncryption, type SafeStorage } from '../../main/electron/os-keychain';
import { loadOrCreateStationKey, SEALED_KEY_FILE } from '../../main/keys/station-key';
import { tempDir, thrownCode } from '../support/tools';

// The desktop app's key store with the OS keychain. Electron does not run on these machines, so
// safeStorage is stood in for by one that behaves as it does (AES with a secret the "keychain"
// holds; decryptString throws on bytes it did not make); the real call sites are type-checked
// against electron.d.ts. What is tested is the choice and the sealing around it.

function keychain(backend: ReturnType<SafeStorage['getSelectedStorageBackend']> = 'gnome_libsecret', available = true): SafeStorage {
  const secret = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(text) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(b) {
      const d = createDecipheriv('aes-256-gcm', secret, b.subarray(0, 12));
      d.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
const codeOf = thrownCode;

describe('the station key sealed by the OS keychain', () => {
  it('seals with the keychain, and the same disk on another account (another keychain) opens nothing', () => {
    const data = tempDir('hattama-os-key-');
    const mine = keychain();
    const key = loadOrCreateStationKey(data, desktopKeyEncryption(mine, '', 'win32'));
    expect(loadOrCreateStationKey(data, desktopKeyEncryption(mine, '', 'win32')).keyId).toBe(key.keyId);
    expect(fs.readFileSync(path.join(data, 'keys', SEALED_KEY_FILE)).includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    expect(codeOf(() => loadOrCreateStationKey(data, desktopKeyEncryption(keychain(), '', 'win32')))).toBe('app.keyUndecryptable');
  });

  it("Linux without a keyring ('basic_text', no protection) uses the passphrase file, or signs nothing", () => {
    const dir = tempDir('hattama-os-weak-');
    const saved = process.env.HATTAMA_KEY_PASSPHRASE_FILE;
    process.env.HATTAMA_KEY_PASSPHRASE_FILE = '';
    try {
      expect(codeOf(() => desktopKeyEncryption(keychain('basic_text'), '', 'linux'))).toBe('app.keyPassphraseMissing');
      expect(codeOf(() => desktopKeyEncryption(keychain('gnome_libsecret', false), '', 'darwin'))).toBe('app.keyPassphraseMissing');
      const file = path.join(dir, 'kek');
      fs.writeFileSync(file, 'court secret\n', { mode: 0o600 });
      const key = loadOrCreateStationKey(path.join(dir, 'data'), desktopKeyEncryption(keychain('basic_text'), file, 'linux'));
      expect(key.keyId).toMatch(/^sha256:/);
    } finally {
      process.env.HATTAMA_KEY_PASSPHRASE_FILE = saved;
    }
  });
});
