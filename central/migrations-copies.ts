import { SealEventSchema } from '../common/sync-api';
import type { CentralDb } from './schema';
import { insertSealRecord } from './seal-book';

// Step 8: participants' copies (the requests, and the files stations upload against them) and
// the seal records in force per session, taken from the review.seal events central already
// holds in its raw log (stations sent them before central kept them apart).

export async function copiesStep(db: CentralDb): Promise<void> {
  await db.schema
    .createTable('copy_requests')
    .ifNotExists()
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('hearing_id', 'text', (c) => c.notNull())
    .addColumn('requester_name', 'text', (c) => c.notNull())
    .addColumn('requester_role', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('station_id', 'text')
    .addColumn('receipt_check', 'text')
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('copy_requests_version').ifNotExists().on('copy_requests').columns(['version']).execute();
  await db.schema
    .createTable('copy_files')
    .ifNotExists()
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('upload_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text')
    .addPrimaryKeyConstraint('copy_files_pk', ['request_id', 'name'])
    .execute();
  await db.schema.createIndex('copy_files_upload').ifNotExists().on('copy_files').columns(['upload_id']).execute();
  await db.schema
    .createTable('seal_records')
    .ifNotExists()
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('act', 'text', (c) => c.notNull())
    .addColumn('seal_seq', 'integer', (c) => c.notNull())
    .addColumn('from_ms', 'bigint')
    .addColumn('to_ms', 'bigint')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('seal_records_pk', ['station_id', 'session_id', 'seq'])
    .execute();
  const held = await db.selectFrom('events').select(['station_id', 'payload']).where('kind', '=', 'review.seal').orderBy('station_id').orderBy('seq').execute();
  for (const e of held) {
    const p = SealEventSchema.safeParse(JSON.parse(e.payload));
    if (p.success) await insertSealRecord(db, e.station_id, p.data);
  }
}
