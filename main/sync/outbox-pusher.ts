import { SyncEventSchema, type OutboxEvent, type SegmentPayload } from '../../common/sync-api';
import type { Db } from '../db/database';
import type { CentralClient } from './client';
import type { OutboxRow } from './outbox';
import type { WorkerLog, WorkerStats } from './worker-types';

// Pushes the outbox to central in seq order, in batches. A batch is marked sent only after
// central answered 200 (central keys events by (station, seq), so a re-sent batch is
// harmless). Every row is checked against the event union first: a row central would refuse
// forever (422) is kept aside, so it does not block every row after it.

export interface PushContext {
  db: Db;
  client: CentralClient;
  batchSize: number;
  stats: WorkerStats;
  log?: WorkerLog;
  /** After each batch central accepted. */
  onBatch(): void;
}

const SELECT_UNSENT = "SELECT * FROM outbox WHERE sent_at IS NULL AND (last_error IS NULL OR last_error NOT LIKE 'invalid:%') ORDER BY seq LIMIT ?";
export const HAS_UNSENT = "SELECT 1 FROM outbox WHERE sent_at IS NULL AND (last_error IS NULL OR last_error NOT LIKE 'invalid:%') LIMIT 1";

/** The row as the event central will see, or why it cannot be one. */
export function outboxEvent(r: OutboxRow): { ok: true; event: OutboxEvent } | { ok: false; why: string } {
  let payload: unknown;
  try {
    payload = JSON.parse(r.payload);
  } catch {
    return { ok: false, why: 'payload not JSON' };
  }
  const parsed = SyncEventSchema.safeParse({ seq: r.seq, kind: r.kind, ref: r.ref, payload, createdAt: r.created_at });
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { ok: false, why: `${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}` };
  }
  return { ok: true, event: parsed.data };
}

export async function pushOutbox(c: PushContext): Promise<void> {
  const { db } = c;
  const select = db.prepare<[number], OutboxRow>(SELECT_UNSENT);
  const markSent = db.prepare('UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE seq = ?');
  const keepAside = db.prepare('UPDATE outbox SET last_error = ? WHERE seq = ?');
  const addSegment = db.prepare('INSERT OR IGNORE INTO sync_segments (seq, file, sha256, bytes) VALUES (?, ?, ?, ?)');
  for (;;) {
    const rows = select.all(c.batchSize);
    if (rows.length === 0) return;
    const events: OutboxEvent[] = [];
    const segs = new Map<number, SegmentPayload>();
    for (const r of rows) {
      const e = outboxEvent(r);
      if (!e.ok) {
        keepAside.run(`invalid: ${e.why}`.slice(0, 500), r.seq);
        c.log?.warn({ seq: r.seq, kind: r.kind, why: e.why }, 'outbox row is malformed; kept aside');
        continue;
      }
      if (e.event.kind === 'segment') segs.set(r.seq, e.event.payload);
      events.push(e.event);
    }
    if (events.length === 0) continue;
    try {
      await c.client.pushEvents(events);
    } catch (e) {
      db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?').run(String((e as Error).message).slice(0, 500), events[0]!.seq);
      throw e;
    }
    const at = new Date().toISOString();
    db.transaction(() => {
      for (const ev of events) {
        markSent.run(at, ev.seq);
        const s = segs.get(ev.seq);
        // From now on the segment uploader owns it: central knows its hash and size.
        if (s) addSegment.run(ev.seq, s.file, s.sha256, s.bytes);
      }
    })();
    c.stats.eventsSent += events.length;
    c.stats.batches++;
    c.onBatch();
  }
}
