import {
  AttendanceSchema,
  EntryKindSchema,
  HearingCategorySchema,
  HearingStatusSchema,
  ParticipantRoleSchema,
  RemoteViaSchema,
  type Attendance,
  type EntryKind,
  type ExhibitStatus,
  type HearingCategory,
  type HearingStatus,
  type ParticipantRole,
  type RemoteVia,
} from '../../common/protocol/kinds';
import type { SyncPayload } from '../../common/sync-api';
import type { RevisionRow } from './rows';

// The protocol store's rows as the payloads central receives (common/sync-events.ts). Every
// field is named here, so a column added or renamed in the store does not leak to central,
// and a field renamed in the union fails the type check here until this mapping follows.

type HearingEvent = SyncPayload<'protocol.hearing'>;
type ParticipantEvent = SyncPayload<'protocol.participant'>;
type ExhibitEvent = SyncPayload<'protocol.exhibit'>;
type Revision = SyncPayload<'protocol.entry'>['revision'];

/** The hearings row as inserted. */
export interface HearingInsert {
  uid: string;
  case_number: string;
  category: HearingCategory;
  court: string;
  courtroom: string;
  judge: string;
  secretary: string;
  scheduled_start: string | null;
  scheduled_end: string | null;
  source: 'schedule' | 'adhoc';
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

export function hearingCreated(id: number, r: HearingInsert): HearingEvent {
  return {
    op: 'create',
    id,
    uid: r.uid,
    case_number: r.case_number,
    category: r.category,
    court: r.court,
    courtroom: r.courtroom,
    judge: r.judge,
    secretary: r.secretary,
    scheduled_start: r.scheduled_start,
    scheduled_end: r.scheduled_end,
    source: r.source,
    external_id: r.external_id,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** The header columns an update changed (column name -> new value). */
export function hearingUpdated(id: number, uid: string, set: Readonly<Record<string, string | null>>, at: string): HearingEvent {
  const p: Extract<HearingEvent, { op: 'update' }> = { op: 'update', id, uid, updated_at: at };
  if (set.case_number != null) p.case_number = set.case_number;
  if (set.category != null) p.category = HearingCategorySchema.parse(set.category);
  if (set.court != null) p.court = set.court;
  if (set.courtroom != null) p.courtroom = set.courtroom;
  if (set.judge != null) p.judge = set.judge;
  if (set.secretary != null) p.secretary = set.secretary;
  if (set.scheduled_start !== undefined) p.scheduled_start = set.scheduled_start;
  if (set.scheduled_end !== undefined) p.scheduled_end = set.scheduled_end;
  if (set.session_mode) p.session_mode = set.session_mode === 'closed' ? 'closed' : 'open';
  if (set.proceedings_language !== undefined) p.proceedings_language = set.proceedings_language === null ? null : set.proceedings_language === 'ru' ? 'ru' : 'kk';
  if (set.cancelled_at) p.cancelled_at = set.cancelled_at;
  if (set.cancelled_by) p.cancelled_by = set.cancelled_by;
  if (set.cancel_reason) p.cancel_reason = set.cancel_reason;
  return p;
}

/** The participants row as inserted. */
export interface ParticipantInsert {
  hearing_id: number;
  name: string;
  role: ParticipantRole;
  attendance: Attendance;
  remote_via: RemoteVia | null;
  remote_app: string | null;
  note: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export function participantAdded(id: number, hearingUid: string, r: ParticipantInsert): ParticipantEvent {
  return {
    op: 'add',
    id,
    hearingUid,
    hearing_id: r.hearing_id,
    name: r.name,
    role: r.role,
    attendance: r.attendance,
    // Only a remote line has a way of participation; older central code never sees the fields otherwise.
    ...(r.remote_via ? { remote_via: r.remote_via, remote_app: r.remote_app } : {}),
    note: r.note,
    position: r.position,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export function participantUpdated(id: number, hearingUid: string, set: Readonly<Record<string, string | null>>, at: string): ParticipantEvent {
  const p: Extract<ParticipantEvent, { op: 'update' }> = { op: 'update', id, hearingUid, updated_at: at };
  if (typeof set.name === 'string') p.name = set.name;
  if (typeof set.role === 'string') p.role = ParticipantRoleSchema.parse(set.role);
  if (typeof set.attendance === 'string') p.attendance = AttendanceSchema.parse(set.attendance);
  if (set.remote_via !== undefined) p.remote_via = set.remote_via === null ? null : RemoteViaSchema.parse(set.remote_via);
  if (set.remote_app !== undefined) p.remote_app = set.remote_app;
  if (typeof set.note === 'string') p.note = set.note;
  if (typeof set.withdrawn_at === 'string') p.withdrawn_at = set.withdrawn_at;
  if (typeof set.withdraw_reason === 'string') p.withdraw_reason = set.withdraw_reason;
  return p;
}

/** An entry_revisions row as inserted: the row the store reads back, with its addendum flag as written. */
export type RevisionInsert = Omit<RevisionRow, 'addendum'> & { addendum: 0 | 1 };

function revision(r: RevisionInsert): Revision {
  return {
    entry_id: r.entry_id,
    rev: r.rev,
    text: r.text,
    speaker: r.speaker,
    speaker_id: r.speaker_id,
    deleted: r.deleted ? 1 : 0,
    reason: r.reason,
    author: r.author,
    created_at: r.created_at,
    addendum: r.addendum,
    kind: r.kind === null ? null : EntryKindSchema.parse(r.kind),
  };
}

/** The entries row as inserted. */
export interface EntryInsert {
  uid: string;
  hearing_id: number;
  kind: EntryKind;
  started_at: string;
  created_at: string;
  recording_ms: number | null;
  recording_session: string | null;
  author: string;
  addendum: 0 | 1;
  exhibit_id: number | null;
}

export function entryAdded(
  id: number,
  hearingUid: string,
  r: EntryInsert,
  rev: RevisionInsert,
  exhibit: { number: string; description?: string } | null | undefined,
  /** The hearing's status after the entry (the hearings row keeps it as TEXT). */
  hearingStatus: HearingStatus | string,
): SyncPayload<'protocol.entry'> {
  return {
    op: 'add',
    hearingUid,
    id,
    uid: r.uid,
    hearing_id: r.hearing_id,
    kind: r.kind,
    started_at: r.started_at,
    created_at: r.created_at,
    recording_ms: r.recording_ms,
    recording_session: r.recording_session,
    author: r.author,
    addendum: r.addendum,
    exhibit_id: r.exhibit_id,
    exhibit: exhibit ? { number: exhibit.number, ...(exhibit.description !== undefined ? { description: exhibit.description } : {}) } : null,
    revision: revision(rev),
    hearingStatus: HearingStatusSchema.parse(hearingStatus),
  };
}

export function entryRevised(op: 'entry.edit' | 'entry.delete' | 'entry.restore', hearingUid: string, entryUid: string, rev: RevisionInsert): SyncPayload<'protocol.revision'> {
  return { op, hearingUid, entryUid, revision: revision(rev) };
}

/** The exhibits row as inserted. */
export interface ExhibitInsert {
  hearing_id: number;
  number: string;
  description: string;
  status: ExhibitStatus;
  offered_by: string | null;
  created_at: string;
  updated_at: string;
}

export function exhibitAdded(id: number, hearingUid: string, r: ExhibitInsert): ExhibitEvent {
  return {
    op: 'add',
    id,
    hearingUid,
    hearing_id: r.hearing_id,
    number: r.number,
    description: r.description,
    status: r.status,
    offered_by: r.offered_by,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export function exhibitStatusChanged(id: number, hearingUid: string, status: ExhibitStatus, description: string, at: string): ExhibitEvent {
  return { op: 'status', id, hearingUid, status, description, updated_at: at };
}

/** The protocol_signatures row as inserted. */
export interface SignatureInsert {
  hearing_id: number;
  signed_at: string;
  signer: string;
  issuer: string;
  serial: string;
  cert_sha256: string;
  lang: 'kk' | 'ru';
  pdf_path: string;
  p7s_path: string;
  pdf_sha256: string;
  p7s_sha256: string;
  capacity: 'secretary' | 'judge';
  subject: string;
  iin: string | null;
  not_before: string;
  not_after: string;
  completes_round: 0 | 1;
}

export function protocolSigned(id: number, hearingUid: string, round: number, r: SignatureInsert): SyncPayload<'protocol.signed'> {
  return {
    hearingUid,
    id,
    hearing_id: r.hearing_id,
    signed_at: r.signed_at,
    signer: r.signer,
    issuer: r.issuer,
    serial: r.serial,
    cert_sha256: r.cert_sha256,
    lang: r.lang,
    pdf_path: r.pdf_path,
    p7s_path: r.p7s_path,
    pdf_sha256: r.pdf_sha256,
    p7s_sha256: r.p7s_sha256,
    capacity: r.capacity,
    subject: r.subject,
    iin: r.iin,
    not_before: r.not_before,
    not_after: r.not_after,
    round,
    completes_round: r.completes_round,
  };
}
