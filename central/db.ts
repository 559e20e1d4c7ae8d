import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Generated } from 'kysely';
import pg from 'pg';

// Central's metadata: SQLite in the data directory by default, PostgreSQL when a URL is given.
// One query layer (Kysely) and one schema for both; booleans are 0/1 integers and times are
// ISO strings so that both engines store and compare them the same way.

export interface StationsTable {
  station_id: string;
  court: string;
  courtroom: string;
  public_key: string;
  token_hash: string;
  enrolled_at: string;
  revoked_at: string | null;
  highest_seq: number;
}
export interface CodesTable {
  code_hash: string;
  court: string | null;
  courtroom: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
}
export interface EventsTable {
  station_id: string;
  seq: number;
  kind: string;
  ref: string | null;
  payload: string;
  payload_hash: string;
  created_at: string;
  received_at: string;
}
export interface SegmentsTable {
  station_id: string;
  seq: number;
  session_id: string;
  track: string;
  file: string;
  sha256: string;
  bytes: number;
  status: 'declared' | 'verified' | 'rejected';
  upload_id: string | null;
  verified_at: string | null;
}
export interface ScheduleTable {
  hearing_id: string;
  court: string;
  courtroom: string;
  case_number: string;
  title: string;
  judge: string;
  starts_at: string;
  cancelled: number;
  version: number;
}
export interface DirectoryTable {
  user_id: string;
  name: string;
  role: string;
  court: string;
  active: number;
  version: number;
}
export interface RemarksTable {
  remark_id: string;
  hearing_id: string;
  author: string;
  text: string;
  filed_at: string;
  status: 'pending' | 'accepted' | 'rejected';
  reason: string;
  decided_at: string | null;
  version: number;
}
export interface StationStateTable {
  station_id: string;
  received_at: string;
  state: string;
  clock_offset_ms: number;
}
export interface HearingActivityTable {
  station_id: string;
  hearing_id: string;
  started_at: string | null;
  closed_at: string | null;
  recorded: number;
}
export interface CountersTable {
  name: string;
  value: number;
}
export interface MigrationsTable {
  version: number;
  applied_at: string;
}
export interface CentralSchema {
  stations: StationsTable;
  enroll_codes: CodesTable;
  events: EventsTable;
  segments: SegmentsTable;
  schedule: ScheduleTable;
  directory: DirectoryTable;
  remarks: RemarksTable;
  station_state: StationStateTable;
  hearing_activity: HearingActivityTable;
  counters: CountersTable;
  central_migrations: MigrationsTable & { id?: Generated<number> };
}

export type CentralDb = Kysely<CentralSchema>;
export type DbKind = 'sqlite' | 'postgres';

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
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
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

type Step = (db: CentralDb, kind: DbKind) => Promise<void>;

const steps: Step[] = [
  async (db) => {
    await db.schema
      .createTable('stations')
      .ifNotExists()
      .addColumn('station_id', 'text', (c) => c.primaryKey())
      .addColumn('court', 'text', (c) => c.notNull())
      .addColumn('courtroom', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('enrolled_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('highest_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('enroll_codes')
      .ifNotExists()
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('court', 'text')
      .addColumn('courtroom', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('used_by', 'text')
      .execute();
    await db.schema
      .createTable('events')
      .ifNotExists()
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ref', 'text')
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('payload_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('events_pk', ['station_id', 'seq'])
      .execute();
    await db.schema.createIndex('events_ref').ifNotExists().on('events').columns(['ref']).execute();
    await db.schema
      .createTable('segments')
      .ifNotExists()
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('track', 'text', (c) => c.notNull())
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('upload_id', 'text')
      .addColumn('verified_at', 'text')
      .addPrimaryKeyConstraint('segments_pk', ['station_id', 'seq'])
      .execute();
    await db.schema
      .createTable('schedule')
      .ifNotExists()
      .addColumn('hearing_id', 'text', (c) => c.primaryKey())
      .addColumn('court', 'text', (c) => c.notNull())
      .addColumn('courtroom', 'text', (c) => c.notNull())
      .addColumn('case_number', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('judge', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('schedule_room').ifNotExists().on('schedule').columns(['court', 'courtroom', 'version']).execute();
    await db.schema
      .createTable('directory')
      .ifNotExists()
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('court', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('remarks')
      .ifNotExists()
      .addColumn('remark_id', 'text', (c) => c.primaryKey())
      .addColumn('hearing_id', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('filed_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text')
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('remarks_version').ifNotExists().on('remarks').columns(['version']).execute();
    await db.schema
      .createTable('station_state')
      .ifNotExists()
      .addColumn('station_id', 'text', (c) => c.primaryKey())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('clock_offset_ms', 'double precision', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('hearing_activity')
      .ifNotExists()
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('hearing_id', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('closed_at', 'text')
      .addColumn('recorded', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('hearing_activity_pk', ['station_id', 'hearing_id'])
      .execute();
    await db.schema
      .createTable('counters')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute();
    await db.insertInto('counters').values({ name: 'feed', value: 0 }).onConflict((oc) => oc.column('name').doNothing()).execute();
  },
];

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
