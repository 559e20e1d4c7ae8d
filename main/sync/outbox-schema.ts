// The outbox: every change that central must receive, written in the same transaction as the
// change itself. seq is the station's sequence number: central keys events by (station, seq),
// so a retried push can never create a duplicate.
export const outboxMigrations: string[] = [
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
  // Step 2 (sync worker): what the station knows of central.
  // - sync_segments: one row per announced segment, with the tus upload URL (resume after a
  //   restart), central's confirmation and when the local file was removed;
  // - sync_kv: feed cursor, last success/error;
  // - sync_schedule / sync_directory / sync_remarks: the feeds, cached for offline use.
  `
  CREATE TABLE sync_segments (
    seq INTEGER PRIMARY KEY REFERENCES outbox (seq),
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    upload_url TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    confirmed_at TEXT,
    deleted_at TEXT
  );
  CREATE INDEX sync_segments_todo ON sync_segments (seq) WHERE confirmed_at IS NULL;
  CREATE TABLE sync_kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE sync_schedule (
    hearing_id TEXT PRIMARY KEY,
    court TEXT NOT NULL, courtroom TEXT NOT NULL, case_number TEXT NOT NULL, title TEXT NOT NULL,
    judge TEXT NOT NULL, starts_at TEXT NOT NULL, cancelled INTEGER NOT NULL, version INTEGER NOT NULL
  );
  CREATE TABLE sync_directory (
    user_id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, court TEXT NOT NULL,
    active INTEGER NOT NULL, version INTEGER NOT NULL
  );
  CREATE TABLE sync_remarks (
    remark_id TEXT PRIMARY KEY, hearing_id TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL,
    filed_at TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, decided_at TEXT,
    version INTEGER NOT NULL,
    -- set when the secretary decided here and central has not echoed the decision yet
    local_decision INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX sync_remarks_hearing ON sync_remarks (hearing_id);
`,
  // Step 3: participants' copies. sync_copy_requests: the requests central's feed carried, as
  // central last said (state, reason), with the copy this station made for one and who made it;
  // sync_copy_files: the four files queued against a request, each with the SHA-256 declared to
  // central when its upload began, the tus upload URL (resume after a restart) and central's receipt.
  `
  CREATE TABLE sync_copy_requests (
    request_id TEXT PRIMARY KEY, hearing_id TEXT NOT NULL, requester_name TEXT NOT NULL, requester_role TEXT NOT NULL,
    note TEXT NOT NULL, filed_at TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL, decided_at TEXT,
    version INTEGER NOT NULL,
    copy_id TEXT, fulfilled_at TEXT, fulfilled_by TEXT
  );
  CREATE INDEX sync_copy_requests_hearing ON sync_copy_requests (hearing_id);
  CREATE TABLE sync_copy_files (
    request_id TEXT NOT NULL REFERENCES sync_copy_requests (request_id),
    name TEXT NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT,
    bytes INTEGER,
    upload_url TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    confirmed_at TEXT,
    PRIMARY KEY (request_id, name)
  );
`,
];
