import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Signature } from '../../../common/contract/protocol';
import type { ExportLang } from '../export/document';
import { exportBytes, writeFileDurably } from '../export/export';
import type { ProtocolStore } from '../store';
import type { Signer } from './signer';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** protocol.pdf, or protocol-2.pdf… when the folder already holds a signed protocol (never overwritten). */
function freeBase(dir: string): string {
  for (let n = 1; ; n++) {
    const base = n === 1 ? 'protocol' : `protocol-${n}`;
    if (!fs.existsSync(path.join(dir, `${base}.pdf`)) && !fs.existsSync(path.join(dir, `${base}.p7s`))) return base;
  }
}

/**
 * Exports the PDF, signs exactly those bytes (detached CAdES-BES), writes protocol.pdf and
 * protocol.p7s side by side, records signer and time on the hearing and locks it. A later
 * signature (after addenda) is recorded the same way; earlier files are never overwritten.
 */
export async function signProtocol(
  store: ProtocolStore,
  dataDir: string,
  o: { hearingId: number; signer: Signer; lang: ExportLang; outDir?: string; author?: string; timeZone?: string },
): Promise<Signature> {
  const hearing = store.hearing(o.hearingId);
  const pdf = await exportBytes(store, { hearingId: o.hearingId, format: 'pdf', lang: o.lang, timeZone: o.timeZone });
  const sig = await o.signer.signDetached(pdf);
  const dir = path.resolve(o.outDir ?? path.join(dataDir, 'protocols', String(hearing.id), `signed-${sig.signedAt.toISOString().replace(/[:.]/g, '-')}`));
  fs.mkdirSync(dir, { recursive: true });
  const base = freeBase(dir);
  const pdfPath = path.join(dir, `${base}.pdf`);
  const p7sPath = path.join(dir, `${base}.p7s`);
  writeFileDurably(pdfPath, pdf);
  writeFileDurably(p7sPath, sig.p7s);
  return store.recordSignature({
    hearingId: o.hearingId,
    signedAt: sig.signedAt.toISOString(),
    signer: sig.signer.commonName,
    issuer: sig.signer.issuer,
    serial: sig.signer.serial,
    certSha256: sig.signer.certSha256,
    lang: o.lang,
    pdfPath,
    p7sPath,
    pdfSha256: sha256(pdf),
    p7sSha256: sha256(sig.p7s),
    author: o.author,
  });
}
