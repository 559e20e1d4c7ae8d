import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { assertTriggers } from './protective-triggers';

export type Db = Database.Database;
/** Each domain's numbered schema steps, by domain name; the core hands them in. */
export type Migrations = Readonly<Record<string, readonly string[]>>;

export interface OpenOptions {
  /**
   * better-sqlite3's compiled module to load instead of its own: the desktop app passes the
   * build for Electron's ABI (main/db/native-binding.ts); plain Node (tests, CLI, serve) uses
   * the one in node_modules.
   */
  nativeBinding?: string;
}

/**
 * The station's one SQLite database: hearings, protocol, outbox, audit log. WAL for readers
 * alongside the writer; synchronous=FULL because an acknowledged protocol entry is evidence and
 * must survive a power cut.
 */
export function openDatabase(dataDir: string, migrations: Migrations, opts: OpenOptions = {}): Db {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'hattama.db');
  const db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
    // A dropped protective trigger is tampering: refuse the database rather than run without it.
    assertTriggers(db, migrations, file);
  } catch (e) {
    db.close();
    throw e;
  }
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
