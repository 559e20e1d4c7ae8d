// The station's access audit: who did what, in which role, through which door, to what, and
// whether it was allowed. Append-only, like the protocol: the database refuses to change or
// remove a row whatever the code above it does.

export const auditMigrations: readonly string[] = [
  `CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     person_id INTEGER,
     person_name TEXT,
     role TEXT,
     call TEXT NOT NULL,
     door TEXT NOT NULL,
     hearing_id INTEGER,
     target TEXT NOT NULL,
     outcome TEXT NOT NULL
   );
   CREATE INDEX audit_log_hearing ON audit_log (hearing_id, id);
   CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
   BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
   CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
   BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`,
];
