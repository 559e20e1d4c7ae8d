import fs from 'node:fs';
import path from 'node:path';
import { writeFileDurable } from '../fs/durable';
import { hashFileSync } from '../fs/hash-file';
import { describeKey, signText, verifyText, publicKeyFromB64, type StationKey } from '../keys/station-key';
import type { KeyObject } from 'node:crypto';

// The receipt of a participants' copy: what it was made from (each session, its signed
// manifest's SHA-256, and the audio tracks mixed into the sound: the microphones' and, when
// recorded, the conference's; the manifest pins each of their segments), which sealed ranges were
// taken out (times only: the reason is the court's, not the party's), each file's SHA-256 and
// size, when and by whom. receipt.sig is the station's Ed25519 signature over receipt.json's
// exact bytes, with the key that made it. Format: docs/evidence.md, "Participants' copies".

export const COPY_FORMAT = 'hattama-copy/1';
export const RECEIPT_FILE = 'receipt.json';
export const RECEIPT_SIG_FILE = 'receipt.sig';

export interface CopyReceipt {
  format: string;
  copyId: string;
  caseNumber: string;
  hearingId: number;
  court: string;
  courtroom: string;
  madeAt: string;
  madeBy: { personId: number | null; name: string };
  timeZone: string;
  /** The copy's length, and what it was made from: recorded time, sealed time taken out. */
  durationMs: number;
  recordedMs: number;
  sealedMs: number;
  sessions: Array<{ sessionId: string; manifestSha256: string | null; chainLength: number; chainHead: string; recordedMs: number; audioTracks: string[] }>;
  removed: Array<{ sessionId: string; fromMs: number; toMs: number }>;
  files: Array<{ role: 'video' | 'protocol'; file: string; sha256: string; bytes: number }>;
}

export interface ReceiptSignature {
  alg: 'Ed25519';
  keyId: string;
  publicKey: string;
  value: string;
}

/** Writes receipt.json and receipt.sig into `dir`; returns their paths. */
export function writeReceipt(dir: string, r: CopyReceipt, key: StationKey): { receipt: string; signature: string } {
  const text = `${JSON.stringify(r, null, 2)}\n`;
  const sig: ReceiptSignature = { alg: 'Ed25519', keyId: key.keyId, publicKey: key.publicKeyB64, value: signText(key, text) };
  const receipt = path.join(dir, RECEIPT_FILE);
  const signature = path.join(dir, RECEIPT_SIG_FILE);
  writeFileDurable(receipt, text, 0o600);
  writeFileDurable(signature, `${JSON.stringify(sig, null, 2)}\n`, 0o600);
  return { receipt, signature };
}

export interface ReceiptCheck {
  receipt: string;
  /** The signature holds over the receipt's bytes with the key it names. */
  signatureValid: boolean;
  /** That key is the one held against (a station's), when one was given. */
  keyTrusted: boolean | null;
  keyId: string | null;
  files: Array<{ file: string; path: string; state: 'ok' | 'changed' | 'missing' }>;
  intact: boolean;
}

/**
 * Checks a copy's receipt: its signature, and each file it names by SHA-256. A file is looked for
 * beside the receipt under the CLI's names (FILE.receipt.json → FILE.mp4, FILE.pdf), else under
 * the name the receipt gives it (copy.mp4, protocol.pdf in DATA/copies/<id>/).
 */
export function verifyReceipt(receiptPath: string, trusted?: KeyObject): ReceiptCheck {
  const receipt = path.resolve(receiptPath);
  const dir = path.dirname(receipt);
  const base = path.basename(receipt).endsWith(`.${RECEIPT_FILE}`) ? receipt.slice(0, -RECEIPT_FILE.length - 1) : null;
  const sigFile = base ? `${base}.${RECEIPT_SIG_FILE}` : path.join(dir, RECEIPT_SIG_FILE);
  const text = fs.readFileSync(receipt, 'utf8');
  const r = JSON.parse(text) as CopyReceipt;
  let sig: ReceiptSignature | null;
  try {
    sig = JSON.parse(fs.readFileSync(sigFile, 'utf8')) as ReceiptSignature;
  } catch {
    sig = null;
  }
  let signatureValid = false;
  let keyTrusted: boolean | null = null;
  if (sig) {
    try {
      const key = publicKeyFromB64(sig.publicKey);
      signatureValid = describeKey(key).keyId === sig.keyId && verifyText(key, text, sig.value);
    } catch {
      signatureValid = false;
    }
    if (trusted) keyTrusted = describeKey(trusted).keyId === sig.keyId;
  }
  const files = (r.files ?? []).map((f) => {
    const beside = base ? `${base}${path.extname(f.file)}` : null;
    const p = beside && fs.existsSync(beside) ? beside : path.join(dir, path.basename(f.file));
    if (!fs.existsSync(p)) return { file: f.file, path: p, state: 'missing' as const };
    const h = hashFileSync(p);
    return { file: f.file, path: p, state: h.sha256 === f.sha256 && h.bytes === f.bytes ? ('ok' as const) : ('changed' as const) };
  });
  const intact = signatureValid && keyTrusted !== false && r.format === COPY_FORMAT && files.every((f) => f.state === 'ok');
  return { receipt, signatureValid, keyTrusted, keyId: sig?.keyId ?? null, files, intact };
}
