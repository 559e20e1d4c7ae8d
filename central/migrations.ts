import type { CentralDb, DbKind } from './schema';
import { situationStep } from './migrations-situation';
import { copiesStep } from './migrations-copies';
import { observationStep } from './migrations-observation';

// Central's schema migrations, for SQLite and PostgreSQL alike (Kysely's schema builder).

export type Step = (db: CentralDb, kind: DbKind) => Promise<void>;

/** Applied in order, each once (central_migrations); never edit a step that has shipped. */
export const steps: Step[] = [
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
  // Step 2: typed records of what the stations' events say (common/sync-events.ts).
  async (db) => {
    await db.schema
      .createTable('protocol_hearings')
      .ifNotExists()
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('hearing_uid', 'text', (c) => c.notNull())
      .addColumn('local_id', 'bigint', (c) => c.notNull())
      .addColumn('external_id', 'text')
      .addColumn('case_number', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('court', 'text', (c) => c.notNull())
      .addColumn('courtroom', 'text', (c) => c.notNull())
      .addColumn('judge', 'text', (c) => c.notNull())
      .addColumn('secretary', 'text', (c) => c.notNull())
      .addColumn('scheduled_start', 'text')
      .addColumn('scheduled_end', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('actual_start', 'text')
      .addColumn('actual_end', 'text')
      .addColumn('signed_at', 'text')
      .addColumn('signed_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('protocol_hearings_pk', ['station_id', 'hearing_uid'])
      .execute();
    await db.schema.createIndex('protocol_hearings_external').ifNotExists().on('protocol_hearings').columns(['external_id']).execute();
    await db.schema
      .createTable('protocol_participants')
      .ifNotExists()
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('local_id', 'bigint', (c) => c.notNull())
      .addColumn('hearing_uid', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('attendance', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('protocol_participants_pk', ['station_id', 'local_id'])
      .execute();
    await db.schema
      .createTable('protocol_entries')
      .ifNotExists()
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('entry_uid', 'text', (c) => c.notNull())
      .addColumn('local_id', 'bigint', (c) => c.notNull())
      .addColumn('hearing_uid', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('recording_ms', 'bigint')
      .addColumn('recording_session', 'text')
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('addendum', 'integer', (c) => c.notNull())
      .addColumn('exhibit_number', 'text')
      .addPrimaryKeyConstraint('protocol_entries_pk', ['station_id', 'entry_uid'])
      .execute();
    await db.schema.createIndex('protocol_entries_hearing').ifNotExists().on('protocol_entries').columns(['station_id', 'hearing_uid', 'started_at']).execute();
    await db.schema
      .createTable('protocol_revisions')
      .ifNotExists()
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('entry_uid', 'text', (c) => c.notNull())
      .addColumn('rev', 'integer', (c) => c.notNull())
      .addColumn('op', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('speaker', 'text')
      .addColumn('speaker_id', 'bigint')
      .addColumn('deleted', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('addendum', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('protocol_revisions_pk', ['station_id', 'entry_uid', 'rev'])
      .execute();
    await db.schema
      .createTable('protocol_exhibits')
      .ifNotExists()
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('local_id', 'bigint', (c) => c.notNull())
      .addColumn('hearing_uid', 'text', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('offered_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('protocol_exhibits_pk', ['station_id', 'local_id'])
      .execute();
    await db.schema
      .createTable('protocol_signatures')
      .ifNotExists()
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('local_id', 'bigint', (c) => c.notNull())
      .addColumn('hearing_uid', 'text', (c) => c.notNull())
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addColumn('signer', 'text', (c) => c.notNull())
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('serial', 'text', (c) => c.notNull())
      .addColumn('cert_sha256', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('pdf_sha256', 'text', (c) => c.notNull())
      .addColumn('p7s_sha256', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('protocol_signatures_pk', ['station_id', 'local_id'])
      .execute();
  },
  // Step 3: the secretary's and the judge's signatures over one PDF: capacity, the certificate's
  // subject, IIN and validity, the round, and whether the signature completed it.
  async (db) => {
    const add = (column: string, type: 'text' | 'integer') => db.schema.alterTable('protocol_signatures').addColumn(column, type).execute();
    await add('capacity', 'text');
    await add('subject', 'text');
    await add('iin', 'text');
    await add('not_before', 'text');
    await add('not_after', 'text');
    await add('round', 'integer');
    await add('completes_round', 'integer');
  },
  // Step 4: the stations' access audit (audit.entry events): who did what, in which role, through which door.
  async (db) => {
    await db.schema
      .createTable('station_audit')
      .ifNotExists()
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('local_id', 'bigint', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('person_id', 'bigint')
      .addColumn('person_name', 'text')
      .addColumn('role', 'text')
      .addColumn('call', 'text', (c) => c.notNull())
      .addColumn('door', 'text', (c) => c.notNull())
      .addColumn('hearing_local_id', 'bigint')
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('station_audit_pk', ['station_id', 'local_id'])
      .execute();
  },
  // Step 5: chains anchored outside the station (chain.link events) and the evidence flags.
  async (db, kind) => {
    await db.schema
      .createTable('chain_links')
      .ifNotExists()
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('idx', 'bigint', (c) => c.notNull())
      .addColumn('entry_type', 'text', (c) => c.notNull())
      .addColumn('file', 'text')
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('prev', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('chain_links_pk', ['station_id', 'session_id', 'idx'])
      .execute();
    await db.schema
      .createTable('evidence_flags')
      .ifNotExists()
      .addColumn('id', kind === 'postgres' ? 'serial' : 'integer', (c) => (kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
  },
  // Step 6: the Situation Center (migrations-situation.ts).
  situationStep,
  // Step 7: as the station's protocol step 5: open or closed session, language of proceedings,
  // a cancelled hearing with its reason, a withdrawn roster line, a revision's corrected kind.
  async (db) => {
    const add = (table: string, column: string) => db.schema.alterTable(table).addColumn(column, 'text').execute();
    await db.schema.alterTable('protocol_hearings').addColumn('session_mode', 'text', (c) => c.notNull().defaultTo('open')).execute();
    await add('protocol_hearings', 'proceedings_language');
    await add('protocol_hearings', 'cancelled_at');
    await add('protocol_hearings', 'cancelled_by');
    await add('protocol_hearings', 'cancel_reason');
    await add('protocol_participants', 'withdrawn_at');
    await add('protocol_participants', 'withdraw_reason');
    await add('protocol_revisions', 'kind');
  },
  // Step 8: participants' copies and the seal records in force (migrations-copies.ts).
  copiesStep,
  // Step 9: as the station's protocol step 10: a remote participant's way of participation
  // (video-conference) and its program; null for every other line and for older stations' events.
  async (db) => {
    await db.schema.alterTable('protocol_participants').addColumn('remote_via', 'text').execute();
    await db.schema.alterTable('protocol_participants').addColumn('remote_app', 'text').execute();
  },
  // Step 10: live observation (migrations-observation.ts).
  observationStep,
];
