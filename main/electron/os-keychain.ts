import { HattamaError } from '../../common/errors';
import type { KeyEncryption } from '../keys/key-encryption';
import { headlessKeyEncryption } from '../keys/key-protection';

// The desktop app seals the station key with the OS keychain through Electron's safeStorage
// (DPAPI on Windows, the Keychain on macOS, libsecret or KWallet on Linux). On Linux without a
// keyring Chromium falls back to 'basic_text', a key written in its source: no protection at all,
// so the station then uses the passphrase file like the headless core, or signs nothing.

const MAGIC = Buffer.from('HTKOS1\n');

/** Electron's safeStorage, as far as the key store uses it (main.ts passes the real one). */
export type SafeStorage = Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>;

export function desktopKeyEncryption(safeStorage: SafeStorage, passphraseFile: string, platform = process.platform): KeyEncryption {
  const weak = platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (!safeStorage.isEncryptionAvailable() || weak) return headlessKeyEncryption(passphraseFile);
  return {
    encrypt: (plain) => Buffer.concat([MAGIC, safeStorage.encryptString(plain.toString('base64'))]),
    decrypt(sealed) {
      if (!sealed.subarray(0, MAGIC.length).equals(MAGIC)) throw new HattamaError('app.keyUndecryptable', {});
      try {
        return Buffer.from(safeStorage.decryptString(sealed.subarray(MAGIC.length)), 'base64');
      } catch (e) {
        throw new HattamaError('app.keyUndecryptable', {}, undefined, { cause: e });
      }
    },
  };
}
