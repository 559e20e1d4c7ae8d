import fs from 'node:fs';
import path from 'node:path';
import type { CopyResult } from '../../common/contract/review';
import { HattamaError } from '../../common/errors';
import { newSessionId } from '../evidence/session-folder';
import type { SessionFiles } from '../evidence/session-reader';
import { probeDurationMs } from '../evidence/remux';
import { syncDir, syncFile } from '../fs/durable';
import { hashFileSync } from '../fs/hash-file';
import { translator } from '../i18n/translator';
import type { StationKey } from '../keys/station-key';
import { encodeCard, encodeMedia, joinParts, requireFont } from './copy-encode';
import { planCopy } from './copy-plan';
import { COPY_FORMAT, writeReceipt, type CopyReceipt } from './copy-receipt';

// review.copy: a participants' copy of a hearing into DATA/copies/<id>/ (generated name; the CLI
// copies it to its --out): copy.mp4 (every session in order, sealed ranges taken out and each
// replaced by a short notice card), protocol.pdf (the protocol as exported, handed in by the
// core: review does not print protocols), receipt.json and its signature receipt.sig.

export const COPIES_DIR = 'copies';

export interface CopyRequest {
  hearing: { id: number; caseNumber: string; court: string; courtroom: string };
  sessions: SessionFiles[];
  timeZone: string;
  /** Writes the protocol PDF and answers its path (the core's protocol export). */
  protocolPdf: () => Promise<string>;
  by: { personId: number | null; name: string };
}

export async function makeCopy(dataDir: string, req: CopyRequest, key: StationKey, now: Date): Promise<CopyResult> {
  requireFont();
  const plan = planCopy(req.sessions);
  if (!plan.parts.some((p) => p.kind === 'media')) throw new HattamaError('review.copyNothing', { caseNumber: req.hearing.caseNumber });
  const copyId = newSessionId();
  const dir = path.join(dataDir, COPIES_DIR, copyId);
  const work = path.join(dir, '.work');
  fs.mkdirSync(work, { recursive: true, mode: 0o700 });
  const notice = (['kk', 'ru'] as const).map((l) => translator(l)('review:copy.notice'));
  const o = { work, size: plan.size, caseNumber: req.hearing.caseNumber, timeZone: req.timeZone, notice };
  const mp4 = path.join(dir, 'copy.mp4');
  const pdf = path.join(dir, 'protocol.pdf');
  try {
    const files: string[] = [];
    for (const [i, part] of plan.parts.entries()) files.push(part.kind === 'media' ? await encodeMedia(part, i + 1, o) : await encodeCard(i + 1, o));
    await joinParts(files, mp4, work);
    syncFile(mp4);
    fs.copyFileSync(await req.protocolPdf(), pdf);
    syncFile(pdf);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    if (e instanceof HattamaError) throw e;
    throw new HattamaError('review.copyFailed', { detail: (e as Error).message.split('\n')[0] ?? '' }, undefined, { cause: e });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const durationMs = (await probeDurationMs(mp4)) ?? 0;
  const video = hashFileSync(mp4);
  const protocol = hashFileSync(pdf);
  const receipt: CopyReceipt = {
    format: COPY_FORMAT,
    copyId,
    caseNumber: req.hearing.caseNumber,
    hearingId: req.hearing.id,
    court: req.hearing.court,
    courtroom: req.hearing.courtroom,
    madeAt: now.toISOString(),
    madeBy: req.by,
    timeZone: req.timeZone,
    durationMs,
    recordedMs: plan.recordedMs,
    sealedMs: plan.sealedMs,
    sessions: plan.sessions,
    removed: plan.removed,
    files: [
      { role: 'video', file: 'copy.mp4', ...video },
      { role: 'protocol', file: 'protocol.pdf', ...protocol },
    ],
  };
  const written = writeReceipt(dir, receipt, key);
  syncDir(dir);
  const receiptHash = hashFileSync(written.receipt);
  return {
    copyId,
    dir,
    durationMs,
    recordedMs: plan.recordedMs,
    sealedMs: plan.sealedMs,
    removed: plan.removed,
    video: { path: mp4, ...video },
    protocol: { path: pdf, ...protocol },
    receipt: { path: written.receipt, ...receiptHash },
    signature: { path: written.signature, keyId: key.keyId },
  };
}
