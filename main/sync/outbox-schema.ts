// The outbox: every change that central must receive, written in the same transaction as the
// change itself. seq is the station's sequence number: central keys events by (station, seq),
// so a retried push can never create a duplicate.
export const outboxMigrations = [
  `CREATE TABLE outbox (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL,
     ref TEXT,
     payload TEXT NOT NULL,
     created_at TEXT NOT NULL,
     sent_at TEXT,
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT
   );
   CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL;`,
];
