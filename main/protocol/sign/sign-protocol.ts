import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Signature, SigningCapacity } from '../../../common/contract/protocol';
import { HattamaError } from '../../../common/errors';
import { refuseIfCancelled } from '../../../common/protocol/cancelled';
import type { ExportLang, ProtocolSource } from '../export/document';
import { renderProtocol, sourceOf, writeFileDurably, type PrintSources } from '../export/export';
import { admitSigning } from './sign-check';
import { toSignature } from '../rows';
import type { ProtocolStore } from '../store';
import { checkCertificate } from './certificate';
import type { Signer, SignerIdentity } from './signer';
import { openRound, type OpenRound } from './signing-rounds';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** protocol.pdf, or protocol-2.pdf… when the folder already holds one (never overwritten). */
function freeBase(dir: string): string {
  for (let n = 1; ; n++) {
    const base = n === 1 ? 'protocol' : `protocol-${n}`;
    if (!['.pdf', '.p7s', '-signed.pdf'].some((ext) => fs.existsSync(path.join(dir, `${base}${ext}`)))) return base;
  }
}

/** BASE.secretary.p7s, or BASE.secretary-2.p7s when a refused attempt left one. */
function freeP7s(dir: string, base: string, capacity: SigningCapacity): string {
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${base}.${capacity}${n === 1 ? '' : `-${n}`}.p7s`);
    if (!fs.existsSync(file)) return file;
  }
}

export interface SignOptions {
  hearingId: number;
  signer: Signer;
  /** Absent: the capacity the open round needs; the secretary's when no round is open. */
  capacity?: SigningCapacity;
  /** The signer's IIN as the station knows it: another certificate is refused. */
  expectedIin?: string;
  lang: ExportLang;
  author?: string;
  timeZone?: string;
  /** Why the protocol is signed although mandatory items are missing (main/protocol/sign/sign-check.ts). */
  incompleteReason?: string;
  /** The recording sessions and the court's name the protocol prints (frozen with the round's snapshot). */
  sources?: PrintSources;
}

/** The PDF a second signature signs: the open round's file, byte for byte as the first signer signed it. */
function roundPdf(open: OpenRound): Buffer {
  const file = open.round.pdf_path;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new HattamaError('protocol.signedPdfChanged', { path: file }, undefined, { cause: e });
  }
  if (sha256(bytes) !== open.round.pdf_sha256) throw new HattamaError('protocol.signedPdfChanged', { path: file });
  return bytes;
}

function check(id: SignerIdentity, at: Date, o: SignOptions, open: OpenRound | null): void {
  checkCertificate(id, at, o.expectedIin);
  const first = open?.first;
  if (first && (first.cert_sha256 === id.certSha256 || (first.iin !== null && first.iin === id.iin))) throw new HattamaError('protocol.sameSigner', {});
}

/**
 * Signs the protocol in one capacity. With no round open, exports the PDF ("to be signed
 * electronically"), signs exactly those bytes and starts a round: from now on the content is
 * frozen. With a round open, signs the round's PDF as it is on disk (checked against its
 * SHA-256), writes the printable copy with both signatures and the signature sheet, and the
 * protocol is signed. Certificates are checked before anything is written.
 */
export function signProtocol(store: ProtocolStore, dataDir: string, o: SignOptions): Promise<Signature> {
  // One signing at a time per store: two calls must not both see the same round open.
  const run = (queues.get(store) ?? Promise.resolve()).then(() => signNow(store, dataDir, o));
  queues.set(store, run.catch(() => undefined));
  return run;
}

const queues = new WeakMap<ProtocolStore, Promise<unknown>>();

async function signNow(store: ProtocolStore, dataDir: string, o: SignOptions): Promise<Signature> {
  const hearing = store.hearing(o.hearingId);
  refuseIfCancelled(hearing);
  const open = openRound(store.db, o.hearingId);
  const capacity: SigningCapacity = o.capacity ?? (open ? (open.first.capacity === 'judge' ? 'secretary' : 'judge') : 'secretary');
  if (open && open.first.capacity === capacity) throw new HattamaError('protocol.alreadySignedAs', { capacity });

  // Each signer answers for the protocol: an incomplete one is signed only with a written reason.
  const incomplete = admitSigning(store.detail(o.hearingId), o.incompleteReason);
  const lang = open ? (open.round.lang as ExportLang) : o.lang;
  const timeZone = open ? open.round.time_zone : (o.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  let snapshot: ProtocolSource | null = null;
  let pdf: Buffer;
  if (open) pdf = roundPdf(open);
  else {
    snapshot = sourceOf(store, o.hearingId, lang, o.sources);
    pdf = await renderProtocol(snapshot, { format: 'pdf', lang, timeZone }, { state: 'toBeSigned' });
  }

  // A key file knows its certificate: refuse before asking for the signature.
  const known = await o.signer.identity?.();
  if (known) check(known, new Date(), o, open);
  const sig = await o.signer.signDetached(pdf);
  check(sig.signer, sig.signedAt, o, open);
  // While the person chose a key, the protocol may have taken an entry the PDF does not show.
  // From here to the record nothing awaits, so nothing else can change it in between.
  if (snapshot && JSON.stringify(sourceOf(store, o.hearingId, lang, o.sources)) !== JSON.stringify(snapshot)) throw new HattamaError('protocol.changedWhileSigning', { id: o.hearingId });

  // Only under DATA/protocols/ with a generated name: no caller picks the folder (the CLI copies).
  const dir = open ? path.dirname(open.round.pdf_path) : path.resolve(path.join(dataDir, 'protocols', String(hearing.id), `signed-${sig.signedAt.toISOString().replace(/[:.]/g, '-')}`));
  fs.mkdirSync(dir, { recursive: true });
  const base = open ? path.basename(open.round.pdf_path, '.pdf') : freeBase(dir);
  const pdfPath = open ? open.round.pdf_path : path.join(dir, `${base}.pdf`);
  const p7sPath = freeP7s(dir, base, capacity);
  if (!open) writeFileDurably(pdfPath, pdf);
  writeFileDurably(p7sPath, sig.p7s);

  const record = {
    hearingId: o.hearingId,
    signedAt: sig.signedAt.toISOString(),
    capacity,
    signer: sig.signer.commonName,
    subject: sig.signer.subject,
    iin: sig.signer.iin,
    notBefore: sig.signer.notBefore,
    notAfter: sig.signer.notAfter,
    issuer: sig.signer.issuer,
    serial: sig.signer.serial,
    certSha256: sig.signer.certSha256,
    lang,
    pdfPath,
    p7sPath,
    pdfSha256: sha256(pdf),
    p7sSha256: sha256(sig.p7s),
    author: o.author,
  };

  if (!open) {
    return store.recordSignature({ ...record, incomplete, round: { start: { lang, timeZone, pdfPath, pdfSha256: record.pdfSha256, document: JSON.stringify(snapshot) } } });
  }
  // The printable copy: the hearing as the round's PDF showed it, with both signers and the sheet.
  const copyPath = path.join(dir, `${base}-signed.pdf`);
  // The second signature as the copy prints it (its row is written after the copy).
  const second: Signature = { ...record, id: open.first.id + 1, round: open.round.number, completesRound: true, copyPath };
  const copy = await renderProtocol(JSON.parse(open.round.document) as ProtocolSource, { format: 'pdf', lang, timeZone }, {
    state: 'signed',
    signatures: [toSignature(open.first), second],
    sheet: { pdfName: path.basename(pdfPath), pdfSha256: record.pdfSha256 },
  });
  writeFileDurably(copyPath, copy);
  return store.recordSignature({ ...record, incomplete, round: { complete: open.round.id }, copyPath });
}
