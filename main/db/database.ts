import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export type Db = Database.Database;
/** Each domain's numbered schema steps, by domain name; the core hands them in. */
export type Migrations = Readonly<Record<string, readonly string[]>>;

/**
 * The station's one SQLite database: hearings, protocol, outbox, audit log. WAL for readers
 * alongside the writer; synchronous=FULL because an acknowledged protocol entry is evidence and
 * must survive a power cut.
 */
export function openDatabase(dataDir: string, migrations: Migrations): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'hattama.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

/** Each domain has its own numbered list of migrations, so domains evolve independently. */
export function migrate(db: Db, migrations: Migrations): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (domain TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (domain, version))');
  const applied = db.prepare<[string], { v: number | null }>('SELECT max(version) AS v FROM schema_migrations WHERE domain = ?');
  const mark = db.prepare('INSERT INTO schema_migrations (domain, version, applied_at) VALUES (?, ?, ?)');
  for (const [domain, steps] of Object.entries(migrations)) {
    const done = applied.get(domain)?.v ?? 0;
    steps.forEach((sql, i) => {
      const version = i + 1;
      if (version <= done) return;
      db.transaction(() => {
        db.exec(sql);
        mark.run(domain, version, new Date().toISOString());
      })();
    });
  }
}
