import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../../common/errors';
import type { HearingDetail } from '../../../common/contract/protocol';
import type { ProtocolStore } from '../store';
import type { RecordedSession, SealedRange } from '../../evidence/hearing-recordings';
import { buildDocument, type DocSigning, type ExportLang, type ProtocolSource } from './document';
import { renderDocx } from './docx';
import { renderPdf } from './pdf';
import { writeFileDurable } from '../../fs/durable';

export type ExportFormat = 'pdf' | 'docx';

export interface ExportOptions {
  hearingId: number;
  format: ExportFormat;
  lang: ExportLang;
  timeZone?: string;
  /** A copy for a participant: the text of entries inside a sealed range is withheld. */
  publicCopy?: boolean;
}

/** What the core adds to a hearing's record when it is printed (wired from the evidence store and the settings). */
export interface PrintSources {
  /** The recording sessions the protocol belongs to. */
  recordingsOf?: (d: HearingDetail) => RecordedSession[];
  /** The court's name as the protocol's language writes it (the Russian protocol prints the Russian name). */
  courtName?: (court: string, lang: ExportLang) => string;
  /** The judge's sealed ranges over the hearing's recording: entries inside them are marked, or withheld in a public copy. */
  sealedOf?: (d: HearingDetail) => SealedRange[];
}

/** The hearing as its protocol in `lang` prints it: the record, the recordings, the court's name in that language. */
export function sourceOf(store: ProtocolStore, hearingId: number, lang: ExportLang, sources: PrintSources = {}): ProtocolSource {
  const d = store.detail(hearingId);
  const court = sources.courtName?.(d.hearing.court, lang) ?? d.hearing.court;
  return {
    ...d,
    hearing: { ...d.hearing, court },
    ...(sources.recordingsOf ? { recordings: sources.recordingsOf(d) } : {}),
    ...(sources.sealedOf ? { sealed: sources.sealedOf(d) } : {}),
  };
}

/**
 * How an ordinary export shows the signatures: while a round waits for its second signature,
 * "to be signed electronically"; once a round is complete, its signers; before any, paper lines.
 */
export function signingOf(d: HearingDetail): DocSigning {
  if (d.hearing.awaitingSignature) return { state: 'toBeSigned' };
  const last = d.signatures[d.signatures.length - 1];
  if (!last) return { state: 'paper' };
  return { state: 'signed', signatures: d.signatures.filter((s) => s.round === last.round) };
}

/** The short protocol's bytes. */
export async function exportBytes(store: ProtocolStore, o: ExportOptions, sources?: PrintSources): Promise<Buffer> {
  const detail = sourceOf(store, o.hearingId, o.lang, sources);
  return renderProtocol(detail, o, signingOf(detail));
}

/** The short protocol of `detail` (the hearing now, or as a signing round saw it) with its signature block. */
export async function renderProtocol(detail: ProtocolSource, o: Omit<ExportOptions, 'hearingId'>, signing: DocSigning): Promise<Buffer> {
  const doc = buildDocument(detail, o.lang, o.timeZone, signing, { publicCopy: o.publicCopy ?? false });
  const meta = { title: `${doc.labels.title} — ${detail.hearing.caseNumber}`, author: detail.hearing.secretary || 'Hattama' };
  try {
    return o.format === 'pdf' ? await renderPdf(doc, meta) : await renderDocx(doc, meta);
  } catch (e) {
    throw new HattamaError('protocol.exportFailed', { reason: (e as Error).message }, undefined, { cause: e });
  }
}

/** Default place of exports: DATA/protocols/<hearing id>/. */
export function defaultExportPath(dataDir: string, hearingId: number, caseNumber: string, ext: string, stamp = new Date()): string {
  const safeCase = caseNumber.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60);
  const ts = stamp.toISOString().replace(/[:.]/g, '-');
  return path.join(dataDir, 'protocols', String(hearingId), `protocol-${safeCase}-${ts}.${ext}`);
}

/** Writes the file durably (temp file, fsync, rename, fsync of the folder) so a crash never leaves half a protocol. */
export function writeFileDurably(file: string, bytes: Buffer): void {
  const abs = path.resolve(file);
  try {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    writeFileDurable(abs, bytes);
  } catch (e) {
    throw new HattamaError('protocol.outUnwritable', { path: abs }, undefined, { cause: e });
  }
}

/**
 * Writes the export under DATA/protocols/<id>/ with a generated name: no caller picks the path
 * the core writes to (a renderer or bridge client could otherwise overwrite any file the station's
 * user may write). The CLI copies the result where its user asked; the desktop shell to the path
 * picked in its save dialog.
 */
export async function exportToFile(store: ProtocolStore, dataDir: string, o: ExportOptions, sources?: PrintSources): Promise<{ path: string; bytes: number; sha256: string }> {
  const bytes = await exportBytes(store, o, sources);
  const out = path.resolve(defaultExportPath(dataDir, o.hearingId, store.hearing(o.hearingId).caseNumber, o.format));
  writeFileDurably(out, bytes);
  return { path: out, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
