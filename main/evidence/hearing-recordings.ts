import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database';
import { damagedSession } from './chain-anchors';
import { MANIFEST_FILE, type Manifest } from './manifest';
import { activeSeals } from './seals';
import { sessionDir } from './session-folder';

// What the protocol says about the recording it belongs to (CPC/CrPC: the technical means used,
// and where the hearing was not recorded, that fact): for each session of a hearing, its times,
// whether its manifest is signed (and that manifest's SHA-256, which a reader checks the files
// against), the microphones and cameras that recorded, and every pause, gap and interruption.
// Read from the evidence's own tables and the session folders, never written.

export interface RecordedSession {
  sessionId: string;
  startedAt: string;
  /** Its last sound when a crash cut it off, else when it was closed; null while recording. */
  endedAt: string | null;
  /** signed: a manifest signed by the station; recording: still open; damaged: recovery found less than recorded; unsigned: no manifest. */
  state: 'signed' | 'recording' | 'damaged' | 'unsigned';
  /** The manifest's closing status (complete, or recovered after a crash). */
  status: Manifest['status'] | null;
  /** SHA-256 of manifest.json as written: what the protocol and its QR code pin. */
  manifestSha256: string | null;
  audioDevice: string | null;
  microphones: Array<{ channel: number; role: string }>;
  cameras: Array<{ id: string; role: string; source: 'camera' | 'screen'; width: number | null; height: number | null }>;
  /** Wall-clock spans without sound inside the session: pauses (recess), gaps of the capture. */
  breaks: Array<{ kind: 'pause' | 'gap'; from: string; to: string | null }>;
}

type SessionRow = { id: string; folder: string; started_at: string; closed_at: string | null; status: string };

/** The sessions the recorder started for a hearing, and any other its entries were pinned to, in order. */
/** A judge's seal in force over part of a session (its positions, as entries are pinned). */
export interface SealedRange {
  sessionId: string;
  fromMs: number;
  toMs: number;
}

/** The sealed ranges in force over the given sessions (the protocol marks the entries inside them). */
export function sealedRangesOf(dataDir: string, sessionIds: ReadonlyArray<string | null>): SealedRange[] {
  const out: SealedRange[] = [];
  for (const id of new Set(sessionIds)) {
    const dir = id ? sessionDir(dataDir, id) : null;
    if (!id || !dir) continue;
    for (const s of activeSeals(dir)) out.push({ sessionId: id, fromMs: s.fromMs, toMs: s.toMs });
  }
  return out;
}

export function recordingsOfHearing(db: Db, dataDir: string, hearingId: number, pinned: ReadonlyArray<string | null>): RecordedSession[] {
  const own = db.prepare<[string], { id: string }>('SELECT id FROM recording_sessions WHERE hearing_id = ?').all(String(hearingId));
  return describeSessions(db, dataDir, [...own.map((r) => r.id), ...pinned.filter((id): id is string => !!id)]);
}

export function describeSessions(db: Db, dataDir: string, sessionIds: readonly string[]): RecordedSession[] {
  const row = db.prepare<[string], SessionRow>('SELECT id, folder, started_at, closed_at, status FROM recording_sessions WHERE id = ?');
  const out: RecordedSession[] = [];
  for (const id of new Set(sessionIds)) {
    const r = row.get(id);
    const dir = sessionDir(dataDir, id);
    if (!r || !dir) continue;
    out.push(describe(db, r, dir));
  }
  return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

function describe(db: Db, r: SessionRow, dir: string): RecordedSession {
  const { manifest, sha256 } = readManifest(dir);
  const damaged = damagedSession(db, r.id) !== null;
  const state: RecordedSession['state'] = damaged ? 'damaged' : manifest?.signature ? 'signed' : r.status === 'recording' ? 'recording' : 'unsigned';
  const audio = manifest?.tracks.find((t) => t.kind === 'audio');
  return {
    sessionId: r.id,
    startedAt: r.started_at,
    // A session a crash cut off ends at its last sound, not when recovery signed it.
    endedAt: manifest?.timeline.find((e) => e.type === 'recovered')?.lastAudioAt ?? manifest?.closedAt ?? r.closed_at,
    state,
    status: manifest?.status ?? null,
    manifestSha256: manifest?.signature && !damaged ? sha256 : null,
    audioDevice: audio?.device ?? null,
    microphones: audio?.roles ?? [],
    cameras: (manifest?.tracks ?? [])
      .filter((t) => t.kind === 'video')
      .map((t) => ({ id: t.id, role: t.role ?? t.id, source: t.source ?? 'camera', width: t.width ?? null, height: t.height ?? null })),
    breaks: manifest ? breaksOf(manifest) : [],
  };
}

function readManifest(dir: string): { manifest: Manifest | null; sha256: string | null } {
  try {
    const bytes = fs.readFileSync(path.join(dir, MANIFEST_FILE));
    return { manifest: JSON.parse(bytes.toString('utf8')) as Manifest, sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch {
    return { manifest: null, sha256: null };
  }
}

/** Pauses pair with the resume (or stop) after them; a gap starts at its `at` and lasts `gapMs`. */
function breaksOf(m: Manifest): RecordedSession['breaks'] {
  const out: RecordedSession['breaks'] = [];
  let pausedAt: string | null = null;
  for (const e of m.timeline) {
    if (e.type === 'pause') pausedAt = e.at;
    else if ((e.type === 'resume' || e.type === 'stop') && pausedAt) {
      out.push({ kind: 'pause', from: pausedAt, to: e.at });
      pausedAt = null;
    } else if (e.type === 'gap' && !e.track && e.gapMs) out.push({ kind: 'gap', from: e.at, to: new Date(Date.parse(e.at) + e.gapMs).toISOString() });
  }
  if (pausedAt) out.push({ kind: 'pause', from: pausedAt, to: null });
  return out;
}
