// What the database knows of the evidence: recording sessions (any track kind), and each file
// announced to central. Schema only; the queries and writes are main/evidence/session-catalog.ts.
export const evidenceMigrations = [
  `CREATE TABLE recording_sessions (
     id TEXT PRIMARY KEY,
     folder TEXT NOT NULL,
     case_ref TEXT,
     hearing_id TEXT,
     started_at TEXT NOT NULL,
     closed_at TEXT,
     status TEXT NOT NULL
   );
   CREATE TABLE recording_files (
     session_id TEXT NOT NULL,
     file TEXT NOT NULL,
     track TEXT NOT NULL,
     sha256 TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     outbox_seq INTEGER NOT NULL,
     PRIMARY KEY (session_id, file)
   );`,
  // Every chain link as announced to central (the chain head the database holds, against which
  // recovery checks the disk), central's latest receipt per session, and sessions found damaged.
  `CREATE TABLE chain_anchors (
     session_id TEXT NOT NULL,
     idx INTEGER NOT NULL,
     hash TEXT NOT NULL,
     outbox_seq INTEGER NOT NULL,
     PRIMARY KEY (session_id, idx)
   );
   CREATE TABLE chain_receipts (
     session_id TEXT PRIMARY KEY,
     length INTEGER NOT NULL,
     head TEXT NOT NULL,
     receipt TEXT NOT NULL,
     received_at TEXT NOT NULL
   );
   CREATE TABLE damaged_sessions (
     session_id TEXT PRIMARY KEY,
     expected_length INTEGER NOT NULL,
     expected_head TEXT,
     disk_length INTEGER NOT NULL,
     first_bad INTEGER NOT NULL,
     detail TEXT NOT NULL,
     at TEXT NOT NULL
   );`,
  // What the station recorded of its chains is evidence too: append-only, so recovery's check
  // (main/evidence/recovery/chain-check.ts) cannot be emptied with sqlite3 while the triggers stand,
  // and the core refuses a database where one was dropped (main/db/protective-triggers.ts).
  `CREATE TRIGGER chain_anchors_no_update BEFORE UPDATE ON chain_anchors
   BEGIN SELECT RAISE(ABORT, 'chain_anchors is append-only'); END;
   CREATE TRIGGER chain_anchors_no_delete BEFORE DELETE ON chain_anchors
   BEGIN SELECT RAISE(ABORT, 'chain_anchors is append-only'); END;
   CREATE TRIGGER recording_files_no_delete BEFORE DELETE ON recording_files
   BEGIN SELECT RAISE(ABORT, 'recording_files is append-only'); END;
   CREATE TRIGGER damaged_sessions_no_delete BEFORE DELETE ON damaged_sessions
   BEGIN SELECT RAISE(ABORT, 'damaged_sessions is append-only'); END;`,
];
