import { sql } from 'kysely';
import type { CentralDb, DbKind } from './schema';

// Step 6: the Situation Center — its people and their sessions, the flags it raises (with their
// history and acknowledgements), its own audit, the stations' room tests, what heartbeats say
// over time (backlog trend, recording spans), the courts' regions; and the indexes its queries need.

const serialId = (kind: DbKind) => ({
  type: kind === 'postgres' ? ('serial' as const) : ('integer' as const),
  build: (c: { primaryKey(): { autoIncrement(): unknown } & object }) => (kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()),
});

export async function situationStep(db: CentralDb, kind: DbKind): Promise<void> {
  const id = serialId(kind);
  await db.schema
    .createTable('users')
    .ifNotExists()
    .addColumn('login', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();
  await db.schema
    .createTable('web_sessions')
    .ifNotExists()
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('flags')
    .ifNotExists()
    .addColumn('id', id.type, (c) => id.build(c) as typeof c)
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('flag_key', 'text', (c) => c.notNull())
    .addColumn('hearing_id', 'text')
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('cleared_at', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('acked_by', 'text')
    .addColumn('acked_at', 'text')
    .execute();
  // One open flag per finding, whichever central process sees it first (the others' inserts are no-ops).
  await db.schema.createIndex('flags_open_key').ifNotExists().unique().on('flags').columns(['station_id', 'flag_key']).where(sql.ref('cleared_at'), 'is', null).execute();
  await db.schema.createIndex('flags_station_opened').ifNotExists().on('flags').columns(['station_id', 'opened_at']).execute();
  await db.schema
    .createTable('supervisor_audit')
    .ifNotExists()
    .addColumn('id', id.type, (c) => id.build(c) as typeof c)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('room_tests')
    .ifNotExists()
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('test_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ready', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('hearing_id', 'text')
    .addPrimaryKeyConstraint('room_tests_pk', ['station_id', 'test_id'])
    .execute();
  await db.schema.createIndex('room_tests_station_at').ifNotExists().on('room_tests').columns(['station_id', 'at']).execute();
  await db.schema
    .createTable('station_trend')
    .ifNotExists()
    .addColumn('station_id', 'text', (c) => c.primaryKey())
    .addColumn('backlog', 'bigint', (c) => c.notNull())
    .addColumn('backlog_growing_since', 'text')
    .addColumn('last_recording_at', 'text')
    .execute();
  await db.schema
    .createTable('recording_spans')
    .ifNotExists()
    .addColumn('id', id.type, (c) => id.build(c) as typeof c)
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('hearing_id', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recording_spans_station').ifNotExists().on('recording_spans').columns(['station_id', 'last_at']).execute();
  await db.schema.createTable('court_regions').ifNotExists().addColumn('court', 'text', (c) => c.primaryKey()).addColumn('region', 'text', (c) => c.notNull()).execute();
  // What the flag queries read: open hearings by status, the day's schedule by time, activity by hearing.
  await db.schema.createIndex('protocol_hearings_status').ifNotExists().on('protocol_hearings').columns(['status']).execute();
  await db.schema.createIndex('schedule_starts').ifNotExists().on('schedule').columns(['starts_at']).execute();
  await db.schema.createIndex('hearing_activity_hearing').ifNotExists().on('hearing_activity').columns(['hearing_id']).execute();
}
