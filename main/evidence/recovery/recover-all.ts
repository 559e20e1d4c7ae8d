import fs from 'node:fs';
import path from 'node:path';
import type { TimelineEntry } from '../../../common/contract/recording';
import type { Db } from '../../db/database';
import { syncDir } from '../../fs/durable';
import { hashFile, hashFileSync } from '../../fs/hash-file';
import type { StationKey } from '../../keys/station-key';
import type { Logger } from '../../log/logger';
import { CHAIN_FILE, ChainWriter, readChain, type ChainEntry, type SegmentInfo, type TrackInfo } from '../chain';
import { buildManifest, MANIFEST_FILE, signManifest, summarizeChain, writeManifest } from '../manifest';
import { REMUX_SUFFIX } from '../remux';
import { SessionCatalog } from '../session-catalog';
import { isSessionLive, LOCK_FILE, RECORDINGS_DIR, recordingsDir, RESERVE_FILE } from '../session-folder';
import { audioEnd, audioRecoverer } from './audio-recoverer';
import { anchorLink, type DamagedSession } from '../chain-anchors';
import { checkAgainstRecord } from './chain-check';
import { findTrackFiles, removeFile, type TrackRecoverer } from './track-recoverer';
import { videoRecoverer } from './video-recoverer';

// Recovery after a crash or a power cut: every session folder without a manifest whose
// recorder is not alive any more is closed properly. Each track's left-over files are made
// final by the recoverer of its kind, then hashed and chained in index order; the chain gets a
// `recovered` mark with the gap; the manifest is signed with status "recovered". Everything is
// announced to central (idempotently).

/** One recoverer per track kind: a new kind adds a line here. */
const RECOVERERS: Record<TrackInfo['kind'], TrackRecoverer> = { audio: audioRecoverer, video: videoRecoverer };

export interface RecoveredSession {
  sessionId: string;
  folder: string;
  segments: number;
  repaired: string[];
  gapMs: number;
  lastAudioAt: string | null;
}

export interface RecoveryProblem {
  sessionId: string;
  detail: string;
}

export interface RecoveryDeps {
  dataDir: string;
  db: Db;
  log: Logger;
  key: () => StationKey;
  /** Central's anchored links of a session, when central can be asked (null otherwise). */
  centralLinks?: (sessionId: string) => Promise<Array<{ idx: number; hash: string }> | null>;
}

export interface RecoveryResult {
  recovered: RecoveredSession[];
  problems: RecoveryProblem[];
  /** Sessions whose disk holds less (or other) than the database recorded: nothing was signed. */
  damaged: DamagedSession[];
}

export async function recoverAll(deps: RecoveryDeps, opts: { skip?: Set<string> } = {}): Promise<RecoveryResult> {
  const root = recordingsDir(deps.dataDir);
  const recovered: RecoveredSession[] = [];
  const problems: RecoveryProblem[] = [];
  const damaged: DamagedSession[] = [];
  if (!fs.existsSync(root)) return { recovered, problems, damaged };
  const catalog = new SessionCatalog(deps.db);
  const openInDb = catalog.openSessionIds();
  for (const id of fs.readdirSync(root).sort()) {
    const dir = path.join(root, id);
    if (opts.skip?.has(id) || !fs.statSync(dir).isDirectory()) continue;
    try {
      if (fs.existsSync(path.join(dir, MANIFEST_FILE))) {
        // Closed, but the process may have died before telling the database and central.
        if (openInDb.has(id)) reconcileClosed(deps, catalog, id, dir);
        continue;
      }
      if (isSessionLive(dir)) continue;
      // Never sign a chain shorter than (or other than) the one the database recorded.
      const atCentral = (await deps.centralLinks?.(id)) ?? null;
      const d = checkAgainstRecord(deps.db, id, path.join(dir, CHAIN_FILE), atCentral);
      if (d) {
        deps.log.error({ ...d }, 'recovery: the disk holds less than the database recorded; the session is damaged and was not signed');
        damaged.push(d);
        continue;
      }
      const r = await recoverSession(deps, catalog, id, dir);
      if (r) recovered.push(r);
    } catch (e) {
      deps.log.error({ err: e, sessionId: id }, 'recording recovery failed');
      problems.push({ sessionId: id, detail: (e as Error).message });
    }
  }
  return { recovered, problems, damaged };
}

/** The chain as the crash left it: a torn last line (never acknowledged) is cut; damage elsewhere is refused. */
function readRecoverableChain(deps: RecoveryDeps, id: string, chainFile: string): ChainEntry[] {
  const read = readChain(chainFile);
  const broken = read.problems.filter((p) => !(read.tornTailBytes > 0 && p.detail === 'incomplete last line'));
  if (broken.length) throw new Error(`chain is damaged (line ${broken[0]!.line}: ${broken[0]!.detail}); left untouched for inspection`);
  if (read.tornTailBytes > 0) {
    fs.truncateSync(chainFile, read.validBytes);
    deps.log.warn({ sessionId: id, bytes: read.tornTailBytes }, 'recovery: cut a torn last chain line');
  }
  return read.entries;
}

async function recoverSession(deps: RecoveryDeps, catalog: SessionCatalog, id: string, dir: string): Promise<RecoveredSession | null> {
  for (const f of fs.readdirSync(dir)) if (f.startsWith(`${MANIFEST_FILE}.tmp-`) || f.endsWith(REMUX_SUFFIX)) removeFile(dir, f);
  const chainFile = path.join(dir, CHAIN_FILE);
  if (!fs.existsSync(chainFile)) throw new Error('no chain file');
  const entries = readRecoverableChain(deps, id, chainFile);
  const sum = summarizeChain(entries);
  if (!sum.session) {
    const media = fs.readdirSync(dir).filter((f) => /\.(wav|webm|mp4|part)$/.test(f));
    if (media.length === 0) {
      // Crashed while creating the folder: nothing was recorded.
      fs.rmSync(dir, { recursive: true, force: true });
      deps.log.warn({ sessionId: id }, 'recovery: removed a session folder with nothing recorded');
      return null;
    }
    throw new Error('chain has no session entry');
  }
  const session = sum.session;
  // Links on disk the database never heard of (the process died between the write and the outbox).
  for (const e of entries) anchorLink(deps.db, id, e);
  const chain = ChainWriter.resume(chainFile, entries);
  const append = (body: Parameters<ChainWriter['append']>[0]): ChainEntry => {
    const e = chain.append(body);
    anchorLink(deps.db, id, e);
    return e;
  };
  const all: ChainEntry[] = [...entries];
  const repaired: string[] = [];
  try {
    const chained = new Set(sum.segments.map((s) => s.file));
    const segments: SegmentInfo[] = [...sum.segments];
    for (const track of sum.tracks) {
      const recoverer = RECOVERERS[track.kind];
      if (!recoverer?.canRecover(track)) continue;
      for (const f of findTrackFiles(dir, track, recoverer.extensions)) {
        if (chained.has(f.finalName)) {
          if (f.part) removeFile(dir, f.name); // a stale duplicate of a chained file
          continue;
        }
        const trackSegs = segments.filter((s) => s.track === track.id);
        const opened = sum.opened.find((o) => o.track === track.id && o.index === f.index);
        const fields = await recoverer.recover(f, { dir, sessionId: id, session, track, opened, previous: trackSegs[trackSegs.length - 1], log: deps.log });
        if (!fields) continue;
        const h = await hashFile(path.join(dir, f.finalName));
        const segment: SegmentInfo = { track: track.id, index: f.index, file: f.finalName, ...h, ...fields, recovered: true };
        all.push(append({ type: 'segment', segment }));
        segments.push(segment);
        chained.add(f.finalName);
        repaired.push(f.finalName);
      }
    }
    // Where the audio ends, and how long the station was not recording until now.
    const { lastAudioMs, position } = audioEnd(sum.tracks, segments);
    const now = Date.now();
    const gapMs = lastAudioMs === null ? 0 : Math.max(0, Math.round(now - lastAudioMs));
    const mark: TimelineEntry = {
      type: 'recovered',
      at: new Date(now).toISOString(),
      position: Math.round(position * 1000) / 1000,
      gapMs,
      reason: 'crash-or-power-loss',
      ...(lastAudioMs !== null ? { lastAudioAt: new Date(lastAudioMs).toISOString() } : {}),
    };
    all.push(append({ type: 'mark', mark }));
    const manifest = signManifest(buildManifest(all, 'recovered', new Date().toISOString()), deps.key());
    writeManifest(dir, manifest);
    chain.close();
    fs.rmSync(path.join(dir, RESERVE_FILE), { force: true });
    fs.rmSync(path.join(dir, LOCK_FILE), { force: true });
    syncDir(dir);
    catalog.record({ id, folder: `${RECORDINGS_DIR}/${id}`, caseRef: session.caseRef, hearingId: session.hearingId, startedAt: session.createdAt, status: 'closed', closedAt: manifest.closedAt });
    announceAll(catalog, id, dir, segments);
    catalog.anchorSealed(id, manifest);
    deps.log.warn({ sessionId: id, segments: segments.length, repaired, gapMs }, 'recording session recovered');
    return { sessionId: id, folder: dir, segments: segments.length, repaired, gapMs, lastAudioAt: mark.lastAudioAt ?? null };
  } finally {
    chain.close();
  }
}

/** A session with a manifest that the database still thinks is recording. */
function reconcileClosed(deps: RecoveryDeps, catalog: SessionCatalog, id: string, dir: string): void {
  const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as { segments: SegmentInfo[]; closedAt: string; session: { caseRef: string | null; hearingId: string | null; createdAt: string } };
  fs.rmSync(path.join(dir, LOCK_FILE), { force: true });
  fs.rmSync(path.join(dir, RESERVE_FILE), { force: true });
  catalog.record({ id, folder: `${RECORDINGS_DIR}/${id}`, caseRef: m.session.caseRef, hearingId: m.session.hearingId, startedAt: m.session.createdAt, status: 'closed', closedAt: m.closedAt });
  announceAll(catalog, id, dir, m.segments);
  deps.log.info({ sessionId: id }, 'recovery: told the database of a session closed before a crash');
}

function announceAll(catalog: SessionCatalog, id: string, dir: string, segments: SegmentInfo[]): void {
  const rel = `${RECORDINGS_DIR}/${id}`;
  for (const s of segments) catalog.announceFile({ sessionId: id, track: s.track, file: `${rel}/${s.file}`, sha256: s.sha256, bytes: s.bytes });
  for (const [track, name] of [['chain', CHAIN_FILE], ['manifest', MANIFEST_FILE]] as const) {
    catalog.announceFile({ sessionId: id, track, file: `${rel}/${name}`, ...hashFileSync(path.join(dir, name)) });
  }
}
