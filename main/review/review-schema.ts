// The review audit: who opened a hearing's recordings and every playback start (position,
// soloed channel or mix, transport). Append-only like the protocol's audit: a trigger refuses
// UPDATE and DELETE, so a listening record cannot be taken back.
export const reviewMigrations = [
  `CREATE TABLE review_audit (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     hearing_id INTEGER NOT NULL,
     session_id TEXT,
     position_ms INTEGER,
     channel INTEGER,
     role TEXT,
     transport TEXT NOT NULL
   );
   CREATE INDEX review_audit_hearing ON review_audit (hearing_id, id);
   CREATE TRIGGER review_audit_no_update BEFORE UPDATE ON review_audit
   BEGIN SELECT RAISE(ABORT, 'review_audit is append-only'); END;
   CREATE TRIGGER review_audit_no_delete BEFORE DELETE ON review_audit
   BEGIN SELECT RAISE(ABORT, 'review_audit is append-only'); END;`,
  // 2. The judge's bookmarks: private to their author (every query is by person), never
  // deleted: removing one sets removed_at, and the access audit has each act.
  `CREATE TABLE review_bookmarks (
     id INTEGER PRIMARY KEY,
     person_id INTEGER NOT NULL,
     hearing_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     position_ms INTEGER NOT NULL,
     note TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     removed_at TEXT
   );
   CREATE INDEX review_bookmarks_person ON review_bookmarks (person_id, hearing_id);
   CREATE TRIGGER review_bookmarks_no_delete BEFORE DELETE ON review_bookmarks
   BEGIN SELECT RAISE(ABORT, 'review_bookmarks keeps every bookmark'); END;`,
  // 3. What a playback start played: the microphones' track or the conference's (its own
  // solo). Rows before this step were all the microphones'.
  `ALTER TABLE review_audit ADD COLUMN track TEXT NOT NULL DEFAULT 'audio';`,
];
