// The seal records' hashes as the station wrote them (seals.ts), one row per record, so
// `hattama verify` notices a seal file removed from the folder, the last one included. Schema
// only; the writes and reads are main/evidence/seals-store.ts. Append-only like the chain's anchors.
export const sealMigrations = [
  `CREATE TABLE session_seals (
     session_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     hash TEXT NOT NULL,
     act TEXT NOT NULL,
     at TEXT NOT NULL,
     PRIMARY KEY (session_id, seq)
   );
   CREATE TRIGGER session_seals_no_update BEFORE UPDATE ON session_seals
   BEGIN SELECT RAISE(ABORT, 'session_seals is append-only'); END;
   CREATE TRIGGER session_seals_no_delete BEFORE DELETE ON session_seals
   BEGIN SELECT RAISE(ABORT, 'session_seals is append-only'); END;`,
];
