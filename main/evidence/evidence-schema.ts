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
];
