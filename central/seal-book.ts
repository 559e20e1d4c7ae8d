import type { SealEvent } from '../common/sync-api';
import type { CentralDb } from './schema';

// The judge's seals as central honours them. Each review.seal event becomes a record (in the same
// transaction as the raw log, protocol-records.ts); a seal is in force until an unseal record
// names it. Whatever central serves asks here: a segment whose time on the session's timeline
// overlaps a seal in force is marked and its bytes are served to no one; the text of a protocol
// entry pinned inside one (its recording position, as the station's export decides it) is
// withheld. Segment times come from the session's signed manifest (its chain.link `sealed`
// event); a session still without one has no times, so all its segments count as sealed while a
// seal is in force on it.

export interface SealInForce {
  sessionId: string;
  seq: number;
  fromMs: number;
  toMs: number;
}

export async function insertSealRecord(db: CentralDb, stationId: string, p: SealEvent): Promise<void> {
  await db
    .insertInto('seal_records')
    .values({ station_id: stationId, session_id: p.sessionId, seq: p.seq, act: p.act, seal_seq: p.sealSeq, from_ms: p.fromMs, to_ms: p.toMs, reason: p.reason, at: p.at })
    .onConflict((oc) => oc.columns(['station_id', 'session_id', 'seq']).doNothing())
    .execute();
}

/** The seals in force of a station's sessions (all of them, or those named), by session. */
export async function sealsInForce(db: CentralDb, stationId: string, sessionIds?: string[]): Promise<Map<string, SealInForce[]>> {
  const out = new Map<string, SealInForce[]>();
  if (sessionIds && sessionIds.length === 0) return out;
  let q = db.selectFrom('seal_records').selectAll().where('station_id', '=', stationId);
  if (sessionIds) q = q.where('session_id', 'in', [...new Set(sessionIds)]);
  const rows = await q.orderBy('session_id').orderBy('seq').execute();
  const lifted = new Set(rows.filter((r) => r.act === 'unseal').map((r) => `${r.session_id}\n${Number(r.seal_seq)}`));
  for (const r of rows) {
    if (r.act !== 'seal' || r.from_ms === null || r.to_ms === null || lifted.has(`${r.session_id}\n${Number(r.seq)}`)) continue;
    const list = out.get(r.session_id) ?? [];
    list.push({ sessionId: r.session_id, seq: Number(r.seq), fromMs: Number(r.from_ms), toMs: Number(r.to_ms) });
    out.set(r.session_id, list);
  }
  return out;
}

/** A recording position (ms) inside a seal in force: the station's rule (from ≤ position < to). */
export function sealedAt(seals: SealInForce[] | undefined, positionMs: number | null): boolean {
  return positionMs !== null && !!seals?.some((s) => positionMs >= s.fromMs && positionMs < s.toMs);
}

type Span = { fromMs: number; toMs: number };

/** Each segment file's span on the session's timeline, from its signed manifest; null before the session has one. */
async function segmentSpans(db: CentralDb, stationId: string, sessionId: string): Promise<Map<string, Span> | null> {
  const ev = await db
    .selectFrom('events')
    .select('payload')
    .where('station_id', '=', stationId)
    .where('kind', '=', 'chain.link')
    .where('ref', '=', sessionId)
    .where('payload', 'like', '%"op":"sealed"%')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!ev) return null;
  try {
    const m = JSON.parse((JSON.parse(ev.payload) as { signedText: string }).signedText) as {
      tracks?: Array<{ id: string; sampleRate?: number }>;
      segments?: Array<{ track: string; file: string; frames?: number; startFrame?: number; position?: number; durationMs?: number }>;
    };
    const spans = new Map<string, Span>();
    for (const s of m.segments ?? []) {
      const rate = m.tracks?.find((t) => t.id === s.track)?.sampleRate;
      if (s.frames !== undefined && rate) spans.set(s.file, { fromMs: ((s.startFrame ?? 0) / rate) * 1000, toMs: (((s.startFrame ?? 0) + s.frames) / rate) * 1000 });
      else if (s.position !== undefined) spans.set(s.file, { fromMs: s.position * 1000, toMs: s.position * 1000 + (s.durationMs ?? 0) });
    }
    return spans;
  } catch {
    return null;
  }
}

const NOT_MEDIA = new Set(['chain', 'manifest']);
const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1);

/** For each of a station's segments (session and file as announced), the seals in force it overlaps (empty: none). */
export async function segmentSeals(db: CentralDb, stationId: string, segments: Array<{ sessionId: string; track: string; file: string }>): Promise<number[][]> {
  const seals = await sealsInForce(db, stationId, segments.map((s) => s.sessionId));
  const spans = new Map<string, Map<string, Span> | null>();
  const out: number[][] = [];
  for (const seg of segments) {
    const inForce = seals.get(seg.sessionId);
    // The chain and the manifest hold hashes and the timeline, no sound or picture.
    if (!inForce?.length || NOT_MEDIA.has(seg.track)) {
      out.push([]);
      continue;
    }
    if (!spans.has(seg.sessionId)) spans.set(seg.sessionId, await segmentSpans(db, stationId, seg.sessionId));
    const span = spans.get(seg.sessionId)?.get(baseName(seg.file));
    // No time known for it: while a seal is in force on its session, it is withheld.
    out.push(inForce.filter((s) => !span || (s.fromMs < span.toMs && s.toMs > span.fromMs)).map((s) => s.seq));
  }
  return out;
}

/** The segment a tus upload holds, when a seal in force covers it (its bytes are served to no one). */
export async function sealedUpload(db: CentralDb, uploadId: string): Promise<boolean> {
  const seg = await db.selectFrom('segments').select(['station_id', 'session_id', 'track', 'file']).where('upload_id', '=', uploadId).executeTakeFirst();
  if (!seg) return false;
  const [hit] = await segmentSeals(db, seg.station_id, [{ sessionId: seg.session_id, track: seg.track, file: seg.file }]);
  return (hit?.length ?? 0) > 0;
}
