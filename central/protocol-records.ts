import type { OutboxEvent, SyncEventOf, SyncPayload } from '../common/sync-api';
import { nextVersion, type CentralDb } from './db';
import { recordAudit } from './audit-records';
import { recordChainEvent } from './chain-anchors';
import { recordEntries } from './entry-records';
import { remarkInScope } from './remark-scope';
import { recordRoomTest } from './room-tests';
import { insertSealRecord } from './seal-book';

// Each typed event as rows of central's typed tables. The union decides what a payload holds,
// so nothing here guesses: a switch on the kind (the compiler checks that every kind is
// handled) and then on the payload's op. Called once per newly stored event, in seq order,
// inside the batch's transaction; a run of entries goes to entry-records.ts at once.

/** Newly stored events in seq order; consecutive protocol entries are recorded as one run. */
export async function recordEvents(db: CentralDb, stationId: string, events: OutboxEvent[]): Promise<void> {
  for (let i = 0; i < events.length; ) {
    const run: Array<SyncPayload<'protocol.entry'>> = [];
    for (let e = events[i]; e?.kind === 'protocol.entry'; e = events[++i]) run.push(e.payload);
    if (run.length) await recordEntries(db, stationId, run);
    else await recordEvent(db, stationId, events[i++]!);
  }
}

export async function recordEvent(db: CentralDb, stationId: string, e: OutboxEvent): Promise<void> {
  switch (e.kind) {
    case 'protocol.hearing':
      return hearing(db, stationId, e.payload);
    case 'protocol.participant':
      return participant(db, stationId, e.payload);
    case 'protocol.entry':
      return recordEntries(db, stationId, [e.payload]);
    case 'protocol.revision':
      return revision(db, stationId, e.payload);
    case 'protocol.exhibit':
      return exhibit(db, stationId, e.payload);
    case 'protocol.signed':
      return signed(db, stationId, e.payload);
    case 'segment':
      return segment(db, stationId, e);
    case 'remark.decision':
      return remarkDecision(db, stationId, e.payload);
    case 'audit.entry':
      return recordAudit(db, stationId, e.payload);
    case 'chain.link':
      return recordChainEvent(db, stationId, e.payload);
    case 'room.test':
      return recordRoomTest(db, stationId, e.payload);
    case 'review.seal':
      // The signed record stays in the events log as received; its act is kept apart to be honoured (seal-book.ts).
      return insertSealRecord(db, stationId, e.payload);
    case 'recording.mute':
      // Kept in the events log as received: the room's page reads its mutes from there (sc-room-data.ts).
      return;
    default: {
      const never: never = e;
      throw new Error(`unhandled event kind ${(never as { kind: string }).kind}`);
    }
  }
}

async function hearing(db: CentralDb, stationId: string, p: SyncPayload<'protocol.hearing'>): Promise<void> {
  if (p.op === 'create') {
    const row = {
      station_id: stationId,
      hearing_uid: p.uid,
      local_id: p.id,
      external_id: p.external_id,
      case_number: p.case_number,
      category: p.category,
      court: p.court,
      courtroom: p.courtroom,
      judge: p.judge,
      secretary: p.secretary,
      scheduled_start: p.scheduled_start,
      scheduled_end: p.scheduled_end,
      source: p.source,
      status: 'scheduled',
      actual_start: null,
      actual_end: null,
      signed_at: null,
      signed_by: null,
      created_at: p.created_at,
      updated_at: p.updated_at,
    };
    await db.insertInto('protocol_hearings').values(row).onConflict((oc) => oc.columns(['station_id', 'hearing_uid']).doNothing()).execute();
    return;
  }
  const { op: _op, id: _id, uid, ...header } = p;
  await db.updateTable('protocol_hearings').set(header).where('station_id', '=', stationId).where('hearing_uid', '=', uid).execute();
}

async function participant(db: CentralDb, stationId: string, p: SyncPayload<'protocol.participant'>): Promise<void> {
  if (p.op === 'add') {
    const row = {
      station_id: stationId, local_id: p.id, hearing_uid: p.hearingUid, name: p.name, role: p.role, attendance: p.attendance,
      remote_via: p.remote_via ?? null, remote_app: p.remote_app ?? null, note: p.note, position: p.position, updated_at: p.updated_at,
    };
    await db.insertInto('protocol_participants').values(row).onConflict((oc) => oc.columns(['station_id', 'local_id']).doNothing()).execute();
    return;
  }
  const { op: _op, id, hearingUid: _h, ...set } = p;
  await db.updateTable('protocol_participants').set(set).where('station_id', '=', stationId).where('local_id', '=', id).execute();
}

type RevisionPayload = SyncPayload<'protocol.entry'>['revision'];

async function insertRevision(db: CentralDb, stationId: string, entryUid: string, op: string, r: RevisionPayload): Promise<void> {
  await db
    .insertInto('protocol_revisions')
    .values({ station_id: stationId, entry_uid: entryUid, rev: r.rev, op, text: r.text, speaker: r.speaker, speaker_id: r.speaker_id, deleted: r.deleted, reason: r.reason, author: r.author, created_at: r.created_at, addendum: r.addendum, kind: r.kind ?? null })
    .onConflict((oc) => oc.columns(['station_id', 'entry_uid', 'rev']).doNothing())
    .execute();
}

async function revision(db: CentralDb, stationId: string, p: SyncPayload<'protocol.revision'>): Promise<void> {
  await insertRevision(db, stationId, p.entryUid, p.op, p.revision);
}

async function exhibit(db: CentralDb, stationId: string, p: SyncPayload<'protocol.exhibit'>): Promise<void> {
  if (p.op === 'add') {
    const row = { station_id: stationId, local_id: p.id, hearing_uid: p.hearingUid, number: p.number, description: p.description, status: p.status, offered_by: p.offered_by, updated_at: p.updated_at };
    await db.insertInto('protocol_exhibits').values(row).onConflict((oc) => oc.columns(['station_id', 'local_id']).doNothing()).execute();
    return;
  }
  await db.updateTable('protocol_exhibits').set({ status: p.status, description: p.description, updated_at: p.updated_at }).where('station_id', '=', stationId).where('local_id', '=', p.id).execute();
}

async function signed(db: CentralDb, stationId: string, p: SyncPayload<'protocol.signed'>): Promise<void> {
  await db
    .insertInto('protocol_signatures')
    .values({
      station_id: stationId,
      local_id: p.id,
      hearing_uid: p.hearingUid,
      signed_at: p.signed_at,
      signer: p.signer,
      issuer: p.issuer,
      serial: p.serial,
      cert_sha256: p.cert_sha256,
      lang: p.lang,
      pdf_sha256: p.pdf_sha256,
      p7s_sha256: p.p7s_sha256,
      capacity: p.capacity ?? null,
      subject: p.subject ?? null,
      iin: p.iin ?? null,
      not_before: p.not_before ?? null,
      not_after: p.not_after ?? null,
      round: p.round ?? null,
      completes_round: p.completes_round ?? null,
    })
    .onConflict((oc) => oc.columns(['station_id', 'local_id']).doNothing())
    .execute();
  // A round's first signature leaves the hearing unsigned (it waits for the other capacity);
  // the last names both signers. An older station's one signature signed the protocol alone.
  if (p.completes_round === 0) return;
  const signedBy = p.round === undefined ? p.signer : await roundSigners(db, stationId, p.hearingUid, p.round, p.pdf_sha256);
  await db.updateTable('protocol_hearings').set({ signed_at: p.signed_at, signed_by: signedBy, updated_at: p.signed_at }).where('station_id', '=', stationId).where('hearing_uid', '=', p.hearingUid).execute();
}

/** The signers of one round, the judge first (as the station names them). */
async function roundSigners(db: CentralDb, stationId: string, hearingUid: string, round: number, pdfSha256: string): Promise<string> {
  const rows = await db
    .selectFrom('protocol_signatures')
    .select(['signer', 'capacity'])
    .where('station_id', '=', stationId)
    .where('hearing_uid', '=', hearingUid)
    .where('round', '=', round)
    .where('pdf_sha256', '=', pdfSha256)
    .orderBy('local_id')
    .execute();
  return [...rows.filter((r) => r.capacity === 'judge'), ...rows.filter((r) => r.capacity !== 'judge')].map((r) => r.signer).join(', ');
}

async function segment(db: CentralDb, stationId: string, e: SyncEventOf<'segment'>): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('segments')
    .values({ station_id: stationId, seq: e.seq, session_id: p.sessionId, track: p.track, file: p.file, sha256: p.sha256, bytes: p.bytes, status: 'declared', upload_id: null, verified_at: null })
    .execute();
}

/**
 * Only the station of the remark's courtroom decides it. Another station's decision stays in the
 * raw log as it was sent (exactly once, so its outbox is not blocked) but changes nothing.
 */
async function remarkDecision(db: CentralDb, stationId: string, p: SyncPayload<'remark.decision'>): Promise<void> {
  if (!(await remarkInScope(db, stationId, p.remarkId))) return;
  const v = await nextVersion(db);
  await db.updateTable('remarks').set({ status: p.decision, reason: p.reason, decided_at: p.decidedAt, version: v }).where('remark_id', '=', p.remarkId).execute();
}
