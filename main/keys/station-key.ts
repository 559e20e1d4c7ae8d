import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../common/errors';
import { createFileDurable } from '../fs/durable';
import type { KeyEncryption } from './key-encryption';

// The station's Ed25519 key signs every session manifest (main/evidence) and identifies the
// station to central (main/sync): ground level, so both can use it. It is generated on first use
// and kept in DATA/keys/ sealed by a key-encryption key (main/keys/key-encryption.ts: the OS
// keychain in the desktop app, a passphrase file headless), never as a plain private key; the
// public half sits beside it so that central and `hattama verify --key` can check signatures.

export const SEALED_KEY_FILE = 'station-ed25519.key.sealed';
export const PUBLIC_KEY_FILE = 'station-ed25519.pub.pem';
/** Where wave 1 kept the key in the clear: sealed and removed at the first start that has a key-encryption key. */
export const PLAIN_KEY_FILE = 'station-ed25519.key.pem';

export interface StationKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Base64 of the DER SubjectPublicKeyInfo, as embedded in manifests. */
  publicKeyB64: string;
  /** "sha256:<hex>" of that DER: a short name for the key. */
  keyId: string;
}

export type KeyAtRest = 'sealed' | 'plain' | 'absent';

/** How the station's private key is kept on disk (for status and the doctor): a plain file left over is 'plain'. */
export function keyAtRest(dataDir: string): KeyAtRest {
  const dir = path.join(dataDir, 'keys');
  if (fs.existsSync(path.join(dir, PLAIN_KEY_FILE))) return 'plain';
  return fs.existsSync(path.join(dir, SEALED_KEY_FILE)) ? 'sealed' : 'absent';
}

/**
 * The station's key, unsealed with `kek`; created (and sealed) on first use. A plain key left by
 * an earlier version is sealed and its file removed. Throws `app.keyUndecryptable` when the sealed
 * file does not open with this key-encryption key, and never replaces it then: a station whose
 * key will not open must not quietly become a station with another key.
 */
export function loadOrCreateStationKey(dataDir: string, kek: KeyEncryption): StationKey {
  const dir = path.join(dataDir, 'keys');
  const sealedFile = path.join(dir, SEALED_KEY_FILE);
  const plainFile = path.join(dir, PLAIN_KEY_FILE);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(sealedFile)) {
    const pem = fs.existsSync(plainFile)
      ? fs.readFileSync(plainFile)
      : Buffer.from(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    try {
      // Never overwrite a key another process sealed a moment ago.
      createFileDurable(sealedFile, kek.encrypt(pem), 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const privateKey = unseal(fs.readFileSync(sealedFile), kek);
  const publicKey = createPublicKey(privateKey);
  // Only once the sealed copy is durable and opens does the plain one go.
  if (fs.existsSync(plainFile)) fs.rmSync(plainFile, { force: true });
  const pub = path.join(dir, PUBLIC_KEY_FILE);
  if (!fs.existsSync(pub)) fs.writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }) as string, { mode: 0o644 });
  return { privateKey, publicKey, ...describeKey(publicKey) };
}

function unseal(sealed: Buffer, kek: KeyEncryption): KeyObject {
  const pem = kek.decrypt(sealed);
  try {
    return createPrivateKey(pem);
  } catch (e) {
    throw new HattamaError('app.keyUndecryptable', {}, undefined, { cause: e });
  } finally {
    pem.fill(0);
  }
}

export function describeKey(publicKey: KeyObject): { publicKeyB64: string; keyId: string } {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return { publicKeyB64: der.toString('base64'), keyId: `sha256:${createHash('sha256').update(der).digest('hex')}` };
}

export function publicKeyFromB64(b64: string): KeyObject {
  return createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
}

/** A public key file (PEM) or a station data directory holding keys/. */
export function readPublicKey(fileOrDataDir: string): KeyObject {
  const stat = fs.statSync(fileOrDataDir);
  const file = stat.isDirectory() ? path.join(fileOrDataDir, 'keys', PUBLIC_KEY_FILE) : fileOrDataDir;
  return createPublicKey(fs.readFileSync(file));
}

export function signText(key: StationKey, text: string): string {
  return sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64');
}

export function verifyText(publicKey: KeyObject, text: string, signatureB64: string): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}
