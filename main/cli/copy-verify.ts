import fs from 'node:fs';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { HattamaError } from '../../common/errors';
import { readPublicKey } from '../keys/station-key';
import { COPIES_DIR } from '../review/copy-maker';
import { RECEIPT_FILE, verifyReceipt } from '../review/copy-receipt';

// `hattama verify` on a participants' copy: its receipt (FILE.receipt.json, or a DATA/copies/<id>/
// folder). The signature is held against the station's key (--data or --key): without one, a
// signature proves nothing, and that is said and is a failure, as for clips (a copy still in
// DATA/copies/<id>/ is held against that folder's key).

/** The receipt `target` names, or null when it is not a copy's. */
export function copyReceiptOf(target: string): string | null {
  const abs = path.resolve(target);
  if (abs.endsWith(RECEIPT_FILE) && fs.existsSync(abs) && fs.statSync(abs).isFile()) return abs;
  const inside = path.join(abs, RECEIPT_FILE);
  return fs.existsSync(abs) && fs.statSync(abs).isDirectory() && fs.existsSync(inside) ? inside : null;
}

/** A copy still in DATA/copies/<id>/ is held against that data folder's station key, as a clip is. */
function ownStationKey(receipt: string): KeyObject | undefined {
  const copies = path.dirname(path.dirname(receipt));
  if (path.basename(copies) !== COPIES_DIR) return undefined;
  try {
    return readPublicKey(path.dirname(copies));
  } catch {
    return undefined;
  }
}

export function verifyCopyCli(receipt: string, publicKey: KeyObject | undefined, t: (k: string, p?: Record<string, unknown>) => string, json: boolean | undefined, out: (line: string) => void): void {
  const r = verifyReceipt(receipt, publicKey ?? ownStationKey(receipt));
  const lines: string[] = [];
  if (!r.signatureValid) lines.push(t('review:verify.copyBadSignature', { file: path.basename(receipt) }));
  else if (r.keyTrusted === false) lines.push(t('review:verify.copyForeignKey', { keyId: r.keyId }));
  else if (r.keyTrusted === null) lines.push(t('review:verify.copyNoKey', { keyId: r.keyId }));
  for (const f of r.files) if (f.state !== 'ok') lines.push(t(f.state === 'changed' ? 'review:verify.copyChanged' : 'review:verify.copyMissing', { file: path.basename(f.path) }));
  const intact = r.intact && r.keyTrusted === true;
  if (intact) lines.push(t('review:verify.copyIntact', { files: r.files.length, path: receipt }));
  if (json) out(JSON.stringify({ ...r, intact }));
  else for (const l of lines) out(l);
  if (!intact) throw new HattamaError('recording.verifyFailed', { count: Math.max(1, lines.length), path: receipt });
}
