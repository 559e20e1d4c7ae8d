import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// The station's Ed25519 key signs every session manifest (main/evidence) and identifies the
// station to central (main/sync): ground level, so both can use it. It is generated on first use and
// kept in DATA/keys/ readable by the station's user only (0600); the public half sits beside it
// so that central and `hattama verify --key` can check signatures.

export const PRIVATE_KEY_FILE = 'station-ed25519.key.pem';
export const PUBLIC_KEY_FILE = 'station-ed25519.pub.pem';

export interface StationKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Base64 of the DER SubjectPublicKeyInfo, as embedded in manifests. */
  publicKeyB64: string;
  /** "sha256:<hex>" of that DER: a short name for the key. */
  keyId: string;
}

export function loadOrCreateStationKey(dataDir: string): StationKey {
  const dir = path.join(dataDir, 'keys');
  const priv = path.join(dir, PRIVATE_KEY_FILE);
  const pub = path.join(dir, PUBLIC_KEY_FILE);
  if (!fs.existsSync(priv)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    // wx: never overwrite a key another process created a moment ago.
    try {
      fs.writeFileSync(`${priv}`, pem, { mode: 0o600, flag: 'wx' });
      fs.writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }) as string, { mode: 0o644 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  fs.chmodSync(priv, 0o600);
  const privateKey = createPrivateKey(fs.readFileSync(priv));
  const publicKey = createPublicKey(privateKey);
  if (!fs.existsSync(pub)) fs.writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }) as string, { mode: 0o644 });
  return { privateKey, publicKey, ...describeKey(publicKey) };
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
