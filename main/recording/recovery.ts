import fs from 'node:fs';
import path from 'node:path';
import type { TimelineEntry } from '../../common/contract/recording';
import type { Db } from '../db/database';
import type { Logger } from '../log/logger';
import { CHAIN_FILE, ChainWriter, readChain, type ChainEntry, type SegmentInfo } from './chain';
import type { StationKey } from './keys';
import { buildManifest, hashFileSync, MANIFEST_FILE, signManifest, summarizeChain, writeManifest } from './manifest';
import { announceFile, upsertSession } from './recording-schema';
import { PART_SUFFIX, syncDir } from './segment-file';
import { LOCK_FILE, RECORDINGS_DIR, RESERVE_FILE } from './session-writer';
import { repairWav } from './wav';
import { recoverVideoParts } from '../video/recover-video';

// Recovery after a crash or a power cut: every session folder without a manifest whose
// recorder is not alive any more is closed properly. Part files get WAV headers that match the
// samples actually on disk (a torn last frame is cut), are renamed to their final names,
// hashed and chained; the chain gets a `recovered` mark with the gap; the manifest is signed
// with status "recovered". Everything is announced to central (idempotently).

/** A recorder touches its lock at least once a second; older than this means it is gone. */
const LIVE_LOCK_MS = 5000;

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

export function recordingsDir(dataDir: string): string {
  return path.join(dataDir, RECORDINGS_DIR);
}

/** True while some process is recording into this session folder. */
export function isSessionLive(dir: string): boolean {
  const lock = path.join(dir, LOCK_FILE);
  let st: fs.Stats;
  let pid: number;
  try {
    st = fs.statSync(lock);
    pid = Number((JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid?: unknown }).pid);
  } catch {
    return false;
  }
  if (Date.now() - st.mtimeMs > LIVE_LOCK_MS) return false;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Session folders that a live recorder (any process) is writing. */
export function liveSessions(dataDir: string): string[] {
  const root = recordingsDir(dataDir);
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).filter((id) => isSessionLive(path.join(root, id)));
}

export interface RecoveryDeps {
  dataDir: string;
  db: Db;
  log: Logger;
  key: () => StationKey;
}

export function recoverAll(deps: RecoveryDeps, opts: { skip?: Set<string> } = {}): { recovered: RecoveredSession[]; problems: RecoveryProblem[] } {
  const root = recordingsDir(deps.dataDir);
  const recovered: RecoveredSession[] = [];
  const problems: RecoveryProblem[] = [];
  if (!fs.existsSync(root)) return { recovered, problems };
  const openInDb = new Set(
    (deps.db.prepare("SELECT id FROM recording_sessions WHERE status = 'recording'").all() as Array<{ id: string }>).map((r) => r.id),
  );
  for (const id of fs.readdirSync(root).sort()) {
    const dir = path.join(root, id);
    if (opts.skip?.has(id) || !fs.statSync(dir).isDirectory()) continue;
    try {
      if (fs.existsSync(path.join(dir, MANIFEST_FILE))) {
        // Closed, but the process may have died before telling the database and central.
        if (openInDb.has(id)) reconcileClosed(deps, id, dir);
        continue;
      }
      if (isSessionLive(dir)) continue;
      const r = recoverSession(deps, id, dir);
      if (r) recovered.push(r);
    } catch (e) {
      deps.log.error({ err: e, sessionId: id }, 'recording recovery failed');
      problems.push({ sessionId: id, detail: (e as Error).message });
    }
  }
  return { recovered, problems };
}

function recoverSession(deps: RecoveryDeps, id: string, dir: string): RecoveredSession | null {
  for (const f of fs.readdirSync(dir)) if (f.startsWith(`${MANIFEST_FILE}.tmp-`)) fs.rmSync(path.join(dir, f), { force: true });
  const chainFile = path.join(dir, CHAIN_FILE);
  if (!fs.existsSync(chainFile)) throw new Error('no chain file');
  const read = readChain(chainFile);
  const broken = read.problems.filter((p) => !(read.tornTailBytes > 0 && p.detail === 'incomplete last line'));
  if (broken.length) throw new Error(`chain is damaged (line ${broken[0]!.line}: ${broken[0]!.detail}); left untouched for inspection`);
  if (read.tornTailBytes > 0) {
    // A power cut during an append: the torn line was never acknowledged; cut it.
    fs.truncateSync(chainFile, read.validBytes);
    deps.log.warn({ sessionId: id, bytes: read.tornTailBytes }, 'recovery: cut a torn last chain line');
  }
  const entries = read.entries;
  const sum = summarizeChain(entries);
  if (!sum.session) {
    const media = fs.readdirSync(dir).filter((f) => /\.(wav|part)$/.test(f));
    if (media.length === 0) {
      // Crashed while creating the folder: nothing was recorded.
      fs.rmSync(dir, { recursive: true, force: true });
      deps.log.warn({ sessionId: id }, 'recovery: removed a session folder with nothing recorded');
      return null;
    }
    throw new Error('chain has no session entry');
  }
  const session = sum.session;
  const chain = ChainWriter.resume(chainFile, entries);
  const all: ChainEntry[] = [...entries];
  const repaired: string[] = [];
  try {
    const chained = new Set(sum.segments.map((s) => s.file));
    const segments: SegmentInfo[] = [...sum.segments];
    for (const track of sum.tracks) {
      if (track.kind !== 'audio' || !track.channels || !track.sampleRate) continue;
      const re = new RegExp(`^${escapeRe(track.id)}-(\\d{6})\\.wav(${escapeRe(PART_SUFFIX)})?$`);
      const found = fs
        .readdirSync(dir)
        .map((f) => ({ f, m: re.exec(f) }))
        .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
        .map((x) => ({ name: x.f, index: Number(x.m[1]), part: Boolean(x.m[2]) }))
        .sort((a, b) => a.index - b.index);
      for (const f of found) {
        const finalName = f.part ? f.name.slice(0, -PART_SUFFIX.length) : f.name;
        if (chained.has(finalName)) {
          if (f.part) fs.rmSync(path.join(dir, f.name), { force: true }); // a stale duplicate of a chained file
          continue;
        }
        const full = path.join(dir, f.name);
        const fix = repairWav(full, { channels: track.channels, sampleRate: track.sampleRate });
        if (fix.frames === 0) {
          fs.rmSync(full, { force: true });
          deps.log.warn({ sessionId: id, file: f.name }, 'recovery: removed an empty segment');
          continue;
        }
        if (f.part) {
          fs.renameSync(full, path.join(dir, finalName));
          syncDir(dir);
        }
        const trackSegs = segments.filter((s) => s.track === track.id);
        const prev = trackSegs[trackSegs.length - 1];
        const opened = sum.opened.find((o) => o.track === track.id && o.index === f.index);
        const startFrame = opened?.startFrame ?? (prev ? (prev.startFrame ?? 0) + (prev.frames ?? 0) : 0);
        const startedAt =
          opened?.startedAt ??
          (prev ? new Date(Date.parse(prev.startedAt) + ((prev.frames ?? 0) / track.sampleRate) * 1000).toISOString() : session.createdAt);
        const { sha256, bytes } = hashFileSync(path.join(dir, finalName));
        const segment: SegmentInfo = { track: track.id, index: f.index, file: finalName, sha256, bytes, frames: fix.frames, startFrame, startedAt, recovered: true };
        all.push(chain.append({ type: 'segment', segment }));
        segments.push(segment);
        chained.add(finalName);
        repaired.push(finalName);
        deps.log.warn({ sessionId: id, file: finalName, frames: fix.frames, truncatedBytes: fix.truncatedBytes }, 'recovery: closed a segment left by a crash');
      }
    }
    // Video tracks (main/video): part files remuxed, hashed and chained the same way.
    segments.push(...recoverVideoParts(dir, sum.tracks, sum.opened, chained, (body) => all.push(chain.append(body))));
    // Where the audio ends, and how long the station was not recording until now.
    const audio = sum.tracks.find((t) => t.kind === 'audio');
    let lastAudioMs: number | null = null;
    let position = 0;
    if (audio?.sampleRate) {
      const segs = segments.filter((s) => s.track === audio.id);
      const last = segs[segs.length - 1];
      if (last) lastAudioMs = Date.parse(last.startedAt) + ((last.frames ?? 0) / audio.sampleRate) * 1000;
      position = segs.reduce((a, s) => a + (s.frames ?? 0), 0) / audio.sampleRate;
    }
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
    all.push(chain.append({ type: 'mark', mark }));
    const manifest = signManifest(buildManifest(all, 'recovered', new Date().toISOString()), deps.key());
    writeManifest(dir, manifest);
    chain.close();
    fs.rmSync(path.join(dir, RESERVE_FILE), { force: true });
    fs.rmSync(path.join(dir, LOCK_FILE), { force: true });
    syncDir(dir);
    upsertSession(deps.db, {
      id,
      folder: `${RECORDINGS_DIR}/${id}`,
      caseRef: session.caseRef,
      hearingId: session.hearingId,
      startedAt: session.createdAt,
      status: 'closed',
      closedAt: manifest.closedAt,
    });
    announceAll(deps, id, dir, segments);
    deps.log.warn({ sessionId: id, segments: segments.length, repaired, gapMs }, 'recording session recovered');
    return { sessionId: id, folder: dir, segments: segments.length, repaired, gapMs, lastAudioAt: mark.lastAudioAt ?? null };
  } finally {
    chain.close();
  }
}

/** A session with a manifest that the database still thinks is recording. */
function reconcileClosed(deps: RecoveryDeps, id: string, dir: string): void {
  const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as { segments: SegmentInfo[]; closedAt: string; session: { caseRef: string | null; hearingId: string | null; createdAt: string } };
  fs.rmSync(path.join(dir, LOCK_FILE), { force: true });
  fs.rmSync(path.join(dir, RESERVE_FILE), { force: true });
  upsertSession(deps.db, { id, folder: `${RECORDINGS_DIR}/${id}`, caseRef: m.session.caseRef, hearingId: m.session.hearingId, startedAt: m.session.createdAt, status: 'closed', closedAt: m.closedAt });
  announceAll(deps, id, dir, m.segments);
}

function announceAll(deps: RecoveryDeps, id: string, dir: string, segments: SegmentInfo[]): void {
  const rel = `${RECORDINGS_DIR}/${id}`;
  for (const s of segments) announceFile(deps.db, { sessionId: id, track: s.track, file: `${rel}/${s.file}`, sha256: s.sha256, bytes: s.bytes });
  for (const [track, name] of [['chain', CHAIN_FILE], ['manifest', MANIFEST_FILE]] as const) {
    const h = hashFileSync(path.join(dir, name));
    announceFile(deps.db, { sessionId: id, track, file: `${rel}/${name}`, ...h });
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
