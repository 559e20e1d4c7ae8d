import type { CentralDb, DbKind } from './schema';

// Step 10: live observation (observation-schema.ts): who observes which room, and the last
// seconds of its stream, so that any central process can serve either side of it.

export async function observationStep(db: CentralDb, kind: DbKind): Promise<void> {
  const blob = kind === 'postgres' ? 'bytea' : 'blob';
  await db.schema
    .createTable('observations')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('asked_at', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addColumn('station_state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('hearing_id', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('ended_by', 'text')
    .execute();
  await db.schema.createIndex('observations_open').ifNotExists().on('observations').columns(['ended_at', 'station_id']).execute();
  await db.schema
    .createTable('observation_chunks')
    .ifNotExists()
    .addColumn('observation_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('bytes', blob, (c) => c.notNull())
    .addPrimaryKeyConstraint('observation_chunks_pk', ['observation_id', 'seq'])
    .execute();
  await db.schema
    .createTable('observation_frames')
    .ifNotExists()
    .addColumn('observation_id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('jpeg', blob, (c) => c.notNull())
    .execute();
}
