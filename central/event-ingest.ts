import { SyncEventSchema, type OutboxEvent, type PushEventsRequest, type PushEventsResponse } from '../common/sync-api';
import type { CentralDb, DbKind } from './db';
import { CentralError, nowIso, sha256Hex } from './errors';
import { ChainRefused, flag } from './chain-anchors';
import { recordEvent } from './protocol-records';

// Exactly-once ingest of a station's pushed events. Every event is parsed with the union
// first: an unknown kind or a payload its kind does not allow refuses the whole batch (422)
// before anything is stored. Then one transaction: (station, seq) is the primary key; an event
// already held with the same content is a retry and ignored; the same seq with other content
// is a conflict (409) and the whole batch is refused. Each new event is recorded in the typed
// tables in the same transaction, so the raw log and the typed records never disagree.

type Envelope = PushEventsRequest['events'][number];

function parseEvent(e: Envelope): OutboxEvent {
  const r = SyncEventSchema.safeParse(e);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  throw new CentralError(422, 'invalid_event', `event ${e.seq} (${e.kind}): ${i?.path.join('.') || '(event)'}: ${i?.message ?? 'invalid'}`);
}

export async function ingestEvents(db: CentralDb, kind: DbKind, stationId: string, batch: Envelope[]): Promise<PushEventsResponse> {
  const events = batch.map(parseEvent);
  const seqs = events.map((e) => e.seq);
  if (new Set(seqs).size !== seqs.length) throw new CentralError(400, 'bad_request', 'a batch repeats a seq');
  const now = nowIso();
  // Stored and hashed as the station sent it (the union has no defaults or transforms: same content).
  const rows = batch.map((e) => {
    const payload = JSON.stringify(e.payload);
    return { station_id: stationId, seq: e.seq, kind: e.kind, ref: e.ref, payload, payload_hash: sha256Hex(`${e.kind}\n${e.ref ?? ''}\n${payload}`), created_at: e.createdAt, received_at: now };
  });

  return db.transaction().execute(async (trx) => {
    // Row lock (PostgreSQL): two pushes of one station are serialised. SQLite has one writer anyway.
    let q = trx.selectFrom('stations').select(['highest_seq']).where('station_id', '=', stationId);
    if (kind === 'postgres') q = q.forUpdate();
    const station = await q.executeTakeFirstOrThrow();
    const lo = Math.min(...seqs);
    const hi = Math.max(...seqs);
    const held = await trx.selectFrom('events').select(['seq', 'payload_hash']).where('station_id', '=', stationId).where('seq', '>=', lo).where('seq', '<=', hi).execute();
    const heldHash = new Map(held.map((h) => [Number(h.seq), h.payload_hash]));
    const fresh: number[] = [];
    let duplicates = 0;
    rows.forEach((r, i) => {
      const h = heldHash.get(r.seq);
      if (h === undefined) fresh.push(i);
      else if (h === r.payload_hash) duplicates++;
      else throw new CentralError(409, 'seq_conflict', `seq ${r.seq} is already held with different content`);
    });
    const freshRows = fresh.map((i) => rows[i]!);
    for (let i = 0; i < freshRows.length; i += 500) await trx.insertInto('events').values(freshRows.slice(i, i + 500)).execute();
    const highest = Math.max(Number(station.highest_seq), hi);
    if (highest !== Number(station.highest_seq)) await trx.updateTable('stations').set({ highest_seq: highest }).where('station_id', '=', stationId).execute();
    // In seq order: a hearing's create comes before its entries.
    const ordered = fresh.map((i) => events[i]!).sort((a, b) => a.seq - b.seq);
    for (const e of ordered) await recordEvent(trx as unknown as CentralDb, stationId, e);
    return { stored: fresh.length, duplicates, highestSeq: highest };
  }).catch(async (e: unknown) => {
    // The batch is refused (nothing of it stored), but a chain that does not extend is flagged.
    if (e instanceof ChainRefused) await flag(db, e.stationId, e.sessionId, 'chain-refused', e.message);
    throw e;
  });
}

/** A station's events as stored (admin). */
export async function storedEvents(db: CentralDb, stationId: string, afterSeq = 0, limit = 100_000) {
  const rows = await db.selectFrom('events').selectAll().where('station_id', '=', stationId).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  return rows.map((r) => ({ seq: Number(r.seq), kind: r.kind, ref: r.ref, payload: JSON.parse(r.payload) as unknown, createdAt: r.created_at, receivedAt: r.received_at }));
}
