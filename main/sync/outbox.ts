import type { Db } from '../db/database';

export interface OutboxRow {
  seq: number;
  kind: string;
  ref: string | null;
  payload: string;
  created_at: string;
  sent_at: string | null;
  attempts: number;
  last_error: string | null;
}

/**
 * Announce a change to central. Call it INSIDE the transaction that makes the change, so the
 * change and its announcement commit together or not at all. Returns the sequence number.
 */
export function enqueue(db: Db, kind: string, ref: string | null, payload: unknown): number {
  const r = db
    .prepare('INSERT INTO outbox (kind, ref, payload, created_at) VALUES (?, ?, ?, ?)')
    .run(kind, ref, JSON.stringify(payload), new Date().toISOString());
  return Number(r.lastInsertRowid);
}

export function pending(db: Db, limit = 100): OutboxRow[] {
  return db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT ?').all(limit);
}
