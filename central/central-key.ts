import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Central's own Ed25519 key: it signs the receipts of anchored chains. Generated on first
// start, kept in central's data directory (0600); its public half is published at GET /v1/keys.

export const CENTRAL_KEY_FILE = 'central-ed25519.key.pem';

export interface CentralKey {
  privateKey: KeyObject;
  /** Base64 of the DER SubjectPublicKeyInfo. */
  publicKeyB64: string;
  /** "sha256:<hex>" of that DER. */
  keyId: string;
  sign(text: string): string;
}

export function loadOrCreateCentralKey(dataDir: string): CentralKey {
  const file = path.join(dataDir, CENTRAL_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another central process sharing the directory made it a moment ago.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const privateKey = createPrivateKey(fs.readFileSync(file));
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return {
    privateKey,
    publicKeyB64: der.toString('base64'),
    keyId: `sha256:${createHash('sha256').update(der).digest('hex')}`,
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64'),
  };
}
