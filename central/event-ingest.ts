import { sql } from 'kysely';
import { SyncEventSchema, type OutboxEvent, type PushEventsRequest, type PushEventsResponse } from '../common/sync-api';
import type { CentralDb, DbKind } from './db';
import { CentralError, nowIso, sha256Hex } from './errors';
import { ChainRefused, flag } from './chain-anchors';
import { recordEvents } from './protocol-records';

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
  const hi = seqs.reduce((a, b) => Math.max(a, b));
  const now = nowIso();
  // Stored and hashed as the station sent it (the union has no defaults or transforms: same content).
  const rows = batch.map((e) => {
    const payload = JSON.stringify(e.payload);
    return { station_id: stationId, seq: e.seq, kind: e.kind, ref: e.ref, payload, payload_hash: sha256Hex(`${e.kind}\n${e.ref ?? ''}\n${payload}`), created_at: e.createdAt, received_at: now };
  });

  return db.transaction().execute(async (trx) => {
    // The station's row first, moved to the batch's highest seq in the same statement: on
    // PostgreSQL a row lock until commit, so two pushes of one station are serialised (SQLite
    // has one writer anyway). A refused batch rolls it back with the rest.
    const greatest = kind === 'postgres' ? sql<number>`GREATEST(highest_seq, ${hi})` : sql<number>`MAX(highest_seq, ${hi})`;
    const station = await trx.updateTable('stations').set({ highest_seq: greatest }).where('station_id', '=', stationId).returning('highest_seq').executeTakeFirstOrThrow();
    // New seqs are stored at once; those already held are a retry (same hash) or a conflict.
    const stored = new Set<number>();
    for (let i = 0; i < rows.length; i += 500) {
      const got = await trx.insertInto('events').values(rows.slice(i, i + 500)).onConflict((oc) => oc.columns(['station_id', 'seq']).doNothing()).returning('seq').execute();
      for (const r of got) stored.add(Number(r.seq));
    }
    const others = rows.filter((r) => !stored.has(r.seq));
    if (others.length) {
      const held = await trx.selectFrom('events').select(['seq', 'payload_hash']).where('station_id', '=', stationId).where('seq', 'in', others.map((r) => r.seq)).execute();
      const heldHash = new Map(held.map((h) => [Number(h.seq), h.payload_hash]));
      for (const r of others) if (heldHash.get(r.seq) !== r.payload_hash) throw new CentralError(409, 'seq_conflict', `seq ${r.seq} is already held with different content`);
    }
    // In seq order: a hearing's create comes before its entries.
    await recordEvents(trx as unknown as CentralDb, stationId, events.filter((e) => stored.has(e.seq)).sort((a, b) => a.seq - b.seq));
    return { stored: stored.size, duplicates: others.length, highestSeq: Number(station.highest_seq) };
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
