import { HattamaError } from '../../common/errors';
import { passphraseEncryption, readPassphraseFile, type KeyEncryption } from './key-encryption';
import { loadOrCreateStationKey, type StationKey } from './station-key';

// Which key-encryption key seals the station's key: the desktop app hands the core one backed by
// the OS keychain (main/electron); headless, it is the passphrase in the file the settings name
// (keys.passphraseFile), or HATTAMA_KEY_PASSPHRASE_FILE for a service manager's credentials.
// Without either the core still starts, serves the protocol and the review, but refuses
// everything that signs (recording, enrollment) with a translated message naming the setting.

export const PASSPHRASE_FILE_ENV = 'HATTAMA_KEY_PASSPHRASE_FILE';

/** The passphrase file in force: the environment's, else the settings'. Empty: none. */
export function passphraseFileOf(settingsFile: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[PASSPHRASE_FILE_ENV] ?? '').trim() || settingsFile.trim();
}

export function headlessKeyEncryption(settingsFile: string, env: NodeJS.ProcessEnv = process.env): KeyEncryption {
  const file = passphraseFileOf(settingsFile, env);
  if (!file) throw new HattamaError('app.keyPassphraseMissing', { path: '' });
  return passphraseEncryption(readPassphraseFile(file));
}

/**
 * The station key, opened once on first use (scrypt costs ~50 ms) and kept for the process.
 * `kek` is asked only then, so a missing passphrase refuses the first signing, not the start.
 */
export function stationKeyring(dataDir: string, kek: () => KeyEncryption): () => StationKey {
  let key: StationKey | null = null;
  return () => (key ??= loadOrCreateStationKey(dataDir, kek()));
}
