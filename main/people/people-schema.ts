// The people of the station: who may act, in which roles, and how they prove it (a PIN, stored
// only as a salted scrypt hash). People are never deleted, only made inactive: entries, audit
// rows and signatures keep pointing at them.

export const peopleMigrations: readonly string[] = [
  `CREATE TABLE people (
     id INTEGER PRIMARY KEY,
     full_name TEXT NOT NULL,
     iin TEXT UNIQUE,
     roles TEXT NOT NULL,
     pin_hash TEXT NOT NULL,
     cert_fingerprint TEXT,
     active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
     source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'central')),
     failed_pins INTEGER NOT NULL DEFAULT 0,
     locked_until TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TRIGGER people_never_deleted BEFORE DELETE ON people
   BEGIN SELECT RAISE(ABORT, 'people are never deleted, only made inactive'); END;`,
  // People of central's user directory (cached for offline work): keyed by central's user id. They
  // have no PIN until an administrator sets one (pin_hash ''), and sign in with their key meanwhile.
  `ALTER TABLE people ADD COLUMN directory_id TEXT;
   CREATE UNIQUE INDEX people_directory_id ON people (directory_id) WHERE directory_id IS NOT NULL;`,
];
