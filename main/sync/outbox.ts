import type { SyncEventKind, SyncPayload } from '../../common/sync-api';
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
 * The payload is typed by its kind (common/sync-events.ts): build it with the domain's mapper,
 * never from a row spread, so a column rename cannot change what central receives.
 */
export function enqueue<K extends SyncEventKind>(db: Db, kind: K, ref: string | null, payload: SyncPayload<K>): number {
  const r = insertStatement(db).run(kind, ref, JSON.stringify(payload), new Date().toISOString());
  return Number(r.lastInsertRowid);
}

// Every committed change enqueues inside its transaction: the statement is prepared once per connection.
type Insert = import('better-sqlite3').Statement<[string, string | null, string, string]>;
const inserts = new WeakMap<Db, Insert>();
function insertStatement(db: Db): Insert {
  let s = inserts.get(db);
  if (!s) {
    s = db.prepare<[string, string | null, string, string]>('INSERT INTO outbox (kind, ref, payload, created_at) VALUES (?, ?, ?, ?)');
    inserts.set(db, s);
  }
  return s;
}

export function pending(db: Db, limit = 100): OutboxRow[] {
  return db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT ?').all(limit);
}
