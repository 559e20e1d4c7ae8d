import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { steps } from './migrations';
import type { CentralDb, CentralSchema, DbKind } from './schema';

export type * from './schema';

// Central's metadata: SQLite in the data directory by default, PostgreSQL when a URL is given.
// One query layer (Kysely) and one schema for both; booleans are 0/1 integers and times are
// ISO strings so that both engines store and compare them the same way.

/**
 * Connections each central process holds to PostgreSQL (HATTAMA_CENTRAL_DB_POOL overrides). A
 * push is a short transaction of a few round trips, so more connections than PostgreSQL has cores
 * to run them only queue inside the server; the usual rule, twice the cores plus one, for the
 * database's machine (here the same one).
 */
export const PG_POOL_SIZE = Number(process.env.HATTAMA_CENTRAL_DB_POOL) || 2 * os.availableParallelism() + 1;

export interface OpenedDb {
  db: CentralDb;
  kind: DbKind;
  close(): Promise<void>;
}

/** Opens (and migrates) central's database: PostgreSQL when `url` is given, else DATA/central.db. */
export async function openCentralDb(opts: { dataDir: string; databaseUrl?: string }): Promise<OpenedDb> {
  let db: CentralDb;
  let kind: DbKind;
  if (opts.databaseUrl) {
    // pg returns int8 as strings; our counters stay well inside int4/float range.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: PG_POOL_SIZE });
    db = new Kysely<CentralSchema>({ dialect: new PostgresDialect({ pool }) });
    kind = 'postgres';
  } else {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const file = new Database(path.join(opts.dataDir, 'central.db'));
    file.pragma('journal_mode = WAL');
    // A received event is acknowledged to the station, which may then forget it: FULL.
    file.pragma('synchronous = FULL');
    file.pragma('busy_timeout = 10000');
    db = new Kysely<CentralSchema>({ dialect: new SqliteDialect({ database: file }) });
    kind = 'sqlite';
  }
  await migrate(db, kind);
  return { db, kind, close: () => db.destroy() };
}

async function migrate(db: CentralDb, kind: DbKind): Promise<void> {
  await db.schema
    .createTable('central_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  // Several central processes may start against one PostgreSQL: serialise migrations.
  await db.transaction().execute(async (trx) => {
    if (kind === 'postgres') await sql`SELECT pg_advisory_xact_lock(727274)`.execute(trx);
    const row = await trx.selectFrom('central_migrations').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
    const done = Number(row?.v ?? 0);
    for (let i = done; i < steps.length; i++) {
      await steps[i]!(trx as unknown as CentralDb, kind);
      await trx.insertInto('central_migrations').values({ version: i + 1, applied_at: new Date().toISOString() }).execute();
    }
  });
}

/** Next value of the feed version counter (schedule, directory, remarks share one cursor). */
export async function nextVersion(db: CentralDb): Promise<number> {
  const r = await db.updateTable('counters').set((eb) => ({ value: eb('value', '+', 1) })).where('name', '=', 'feed').returning('value').executeTakeFirstOrThrow();
  return Number(r.value);
}
