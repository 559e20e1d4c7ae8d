import type { Db } from '../db/database';

// What the station still owes central, from its own tables: rows not yet pushed and segments
// not yet verified (announced but unpushed ones count by the bytes their row declares).

export interface Backlog {
  queueLength: number;
  segmentsPending: number;
  bytesPending: number;
}

export function backlog(db: Db): Backlog {
  const queue = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL').get()!.n;
  const unsent = db
    .prepare<[], { n: number; b: number | null }>("SELECT count(*) AS n, sum(json_extract(payload, '$.bytes')) AS b FROM outbox WHERE sent_at IS NULL AND kind = 'segment'")
    .get()!;
  const unconfirmed = db.prepare<[], { n: number; b: number | null }>('SELECT count(*) AS n, sum(bytes) AS b FROM sync_segments WHERE confirmed_at IS NULL').get()!;
  return { queueLength: queue, segmentsPending: unsent.n + unconfirmed.n, bytesPending: (unsent.b ?? 0) + (unconfirmed.b ?? 0) };
}
