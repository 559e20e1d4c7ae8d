import { HattamaError } from '../../common/errors';
import type Database from 'better-sqlite3';

type Db = Database.Database;
/** Each domain's numbered schema steps (as in database.ts, not imported from there: no cycle). */
type Migrations = Readonly<Record<string, readonly string[]>>;

// The evidence rules the database enforces itself (append-only protocol, audit and evidence
// tables, a signed hearing's frozen header and roster, people never deleted) are triggers. A
// person with the database file and sqlite3 can drop one and then change what it protected, so
// at every start the core checks that every trigger the migrations created is still there, and
// refuses to open a database where one is missing.

/** Every trigger the migrations leave behind: created, and not dropped by a later step. */
export function expectedTriggers(migrations: Migrations): string[] {
  const names = new Set<string>();
  const re = /\b(CREATE|DROP)\s+TRIGGER\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?["`[]?(\w+)/gi;
  for (const steps of Object.values(migrations)) {
    for (const sql of steps) {
      for (const m of sql.matchAll(re)) {
        const name = m[2]!.toLowerCase();
        if (m[1]!.toUpperCase() === 'CREATE') names.add(name);
        else names.delete(name);
      }
    }
  }
  return [...names].sort();
}

/** The expected triggers this database does not have. */
export function missingTriggers(db: Db, migrations: Migrations): string[] {
  const present = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger'").all().map((r) => r.name.toLowerCase()));
  return expectedTriggers(migrations).filter((n) => !present.has(n));
}

/** Throws `app.databaseTriggerMissing` naming the first missing trigger. */
export function assertTriggers(db: Db, migrations: Migrations, file: string): void {
  const missing = missingTriggers(db, migrations);
  if (missing.length) throw new HattamaError('app.databaseTriggerMissing', { name: missing.join(', '), file });
}
