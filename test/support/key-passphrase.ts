import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { headlessKeyEncryption, PASSPHRASE_FILE_ENV } from '../../main/keys/key-protection';
import type { KeyEncryption } from '../../main/keys/key-encryption';
import { loadOrCreateStationKey, type StationKey } from '../../main/keys/station-key';

// Every station the tests start seals its key with a passphrase, as a production headless
// station must: the runners name this file in HATTAMA_KEY_PASSPHRASE_FILE (vitest.config.ts,
// playwright.config.ts) and child processes inherit it. Tests of the refusal remove it.

export function ensureTestPassphraseFile(): string {
  const dir = path.join(os.tmpdir(), `hattama-test-kek-${process.getuid?.() ?? 0}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'passphrase');
  if (!fs.existsSync(file)) fs.writeFileSync(file, 'test suite key passphrase\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return file;
}

export function testKeyEncryption(): KeyEncryption {
  process.env[PASSPHRASE_FILE_ENV] ??= ensureTestPassphraseFile();
  return headlessKeyEncryption('');
}

/** The station key of a test data directory, sealed as the station seals it. */
export function testStationKey(dataDir: string): StationKey {
  return loadOrCreateStationKey(dataDir, testKeyEncryption());
}
