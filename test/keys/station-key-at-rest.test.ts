import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, staffOf } from '../support/core';
import { passphraseEncryption } from '../../main/keys/key-encryption';
import { PASSPHRASE_FILE_ENV } from '../../main/keys/key-protection';
import { describeKey, keyAtRest, loadOrCreateStationKey, PLAIN_KEY_FILE, PUBLIC_KEY_FILE, SEALED_KEY_FILE } from '../../main/keys/station-key';
import { runCli } from '../support/recording';
import { tempDir, thrownCode } from '../support/tools';

// The station's signing key at rest (issue: evidence that holds against its own disk). A person
// with the disk, but not the passphrase (or the OS keychain's secret), holds no usable key: the
// sealed file opens with nothing else, and a station without its key-encryption key signs nothing.

const codeOf = thrownCode;
const keysDir = (data: string) => path.join(data, 'keys');
const passphraseFile = (dir: string, text: string) => {
  const file = path.join(dir, 'kek');
  fs.writeFileSync(file, `${text}\n`, { mode: 0o600 });
  return file;
};

describe('the station key at rest', () => {
  it('is created sealed: no plain private key on disk, the sealed file 0600, the public half beside it', () => {
    const data = tempDir('hattama-key-');
    const key = loadOrCreateStationKey(data, passphraseEncryption('court secret'));
    const sealed = fs.readFileSync(path.join(keysDir(data), SEALED_KEY_FILE));
    expect(sealed.includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    expect(fs.statSync(path.join(keysDir(data), SEALED_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(keysDir(data), PLAIN_KEY_FILE))).toBe(false);
    expect(keyAtRest(data)).toBe('sealed');
    // The same key opens again, and it is the one the public file names.
    expect(loadOrCreateStationKey(data, passphraseEncryption('court secret')).keyId).toBe(key.keyId);
    const pub = fs.readFileSync(path.join(keysDir(data), PUBLIC_KEY_FILE), 'utf8');
    expect(describeKey(key.publicKey).publicKeyB64).toBe(key.publicKeyB64);
    expect(pub).toContain('PUBLIC KEY');
  });

  it("seals a plain key left by wave 1 and removes the plain file, keeping the station's identity", () => {
    const data = tempDir('hattama-key-old-');
    fs.mkdirSync(keysDir(data), { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    fs.writeFileSync(path.join(keysDir(data), PLAIN_KEY_FILE), privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
    expect(keyAtRest(data)).toBe('plain');
    const key = loadOrCreateStationKey(data, passphraseEncryption('court secret'));
    expect(key.keyId).toBe(describeKey(publicKey).keyId);
    expect(fs.existsSync(path.join(keysDir(data), PLAIN_KEY_FILE))).toBe(false);
    expect(keyAtRest(data)).toBe('sealed');
  });

  it('a copied data directory opens with no other passphrase, and the sealed key is never replaced by a new one', () => {
    const data = tempDir('hattama-key-copy-');
    loadOrCreateStationKey(data, passphraseEncryption('court secret'));
    const before = fs.readFileSync(path.join(keysDir(data), SEALED_KEY_FILE));
    expect(codeOf(() => loadOrCreateStationKey(data, passphraseEncryption('guessed')))).toBe('app.keyUndecryptable');
    // A changed byte of the sealed file: refused, not regenerated.
    const changed = Buffer.from(before);
    changed[changed.length - 3] = changed[changed.length - 3]! ^ 0x40;
    fs.writeFileSync(path.join(keysDir(data), SEALED_KEY_FILE), changed);
    expect(codeOf(() => loadOrCreateStationKey(data, passphraseEncryption('court secret')))).toBe('app.keyUndecryptable');
    expect(fs.readFileSync(path.join(keysDir(data), SEALED_KEY_FILE)).equals(changed)).toBe(true);
    expect(fs.existsSync(path.join(keysDir(data), PLAIN_KEY_FILE))).toBe(false);
  });
});

describe('a headless station without its key-encryption passphrase', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('`hattama record` refuses to record what it could not sign, in the station language, and writes nothing', async () => {
    const data = tempDir('hattama-nokek-');
    const r = await runCli(['record', '--data', data, '--seconds', '1', '--device', 'hw:99,0', '--lang', 'kk'], { env: { [PASSPHRASE_FILE_ENV]: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Станция кілтін шифрлайтын құпиясөз жоқ');
    expect(r.stderr).toContain('keys.passphraseFile');
    expect(fs.existsSync(path.join(keysDir(data), SEALED_KEY_FILE))).toBe(false);
    expect(fs.readdirSync(path.join(data, 'recordings')).filter((f) => !f.startsWith('.'))).toEqual([]);
  });

  it('the attacker with the disk: a copy of the data directory with another passphrase cannot record or sign as the station', async () => {
    const data = tempDir('hattama-stolen-');
    loadOrCreateStationKey(data, passphraseEncryption('the court passphrase'));
    const mine = passphraseFile(tempDir('hattama-attacker-kek-'), 'attacker passphrase');
    const r = await runCli(['record', '--data', data, '--seconds', '1', '--device', 'hw:99,0', '--lang', 'en'], { env: { [PASSPHRASE_FILE_ENV]: mine } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The station key cannot be decrypted');
  });

  it('the core starts and serves, refuses to start recording, and signs once the settings name the passphrase file', async () => {
    const saved = process.env[PASSPHRASE_FILE_ENV];
    process.env[PASSPHRASE_FILE_ENV] = '';
    cleanups.push(() => {
      process.env[PASSPHRASE_FILE_ENV] = saved;
    });
    const data = tempDir('hattama-core-nokek-');
    const core = await openTestCore(data);
    cleanups.push(() => core.close());
    const staff = await staffOf(core);
    expect((await core.call('app.status', {}, staff)).ok).toBe(true);
    const start = await core.call('recording.start', {}, staff);
    expect(start.ok).toBe(false);
    expect(!start.ok && start.error.code).toBe('app.keyPassphraseMissing');
    expect(fs.existsSync(path.join(keysDir(data), SEALED_KEY_FILE))).toBe(false);
    await core.close();

    // The administrator names the file in the settings: the next core seals its key with it.
    const file = passphraseFile(tempDir('hattama-admin-kek-'), 'the court passphrase');
    const settings = JSON.parse(fs.readFileSync(path.join(data, 'settings.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(data, 'settings.json'), JSON.stringify({ ...settings, keys: { passphraseFile: file } }));
    const again = await openTestCore(data);
    cleanups.push(() => again.close());
    const r = await again.call('sync.enroll', { centralUrl: 'http://127.0.0.1:9/', code: 'ABCD-EFGH' }, await staffOf(again));
    // Enrollment reaches the network only after the key opened (here: nothing listens on port 9).
    expect(!r.ok && r.error.code).not.toBe('app.keyPassphraseMissing');
    expect(keyAtRest(data)).toBe('sealed');
    expect(loadOrCreateStationKey(data, passphraseEncryption('the court passphrase')).keyId).toMatch(/^sha256:/);
  });
});
