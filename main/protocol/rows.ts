import type { Entry, Exhibit, Hearing, Participant, Revision, Signature, SigningCapacity } from '../../common/contract/protocol';
import type { Attendance, EntryKind, ExhibitStatus, HearingCategory, HearingStatus, ParticipantRole, RemoteVia } from '../../common/protocol/kinds';
import { exhibitLabel } from '../../common/protocol/render';

// Row shapes as SQLite returns them, and their conversion to the contract's views.

export interface HearingRow {
  id: number;
  uid: string;
  case_number: string;
  category: string;
  court: string;
  courtroom: string;
  judge: string;
  secretary: string;
  scheduled_start: string | null;
  scheduled_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  status: string;
  source: string;
  external_id: string | null;
  signed_at: string | null;
  signed_by: string | null;
  created_at: string;
  updated_at: string;
  session_mode: string;
  proceedings_language: string | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  participant_count: number;
  entry_count: number;
  /** Signatures of any round: from the first on, the content is frozen. */
  signature_count: number;
  /** The capacity an open signing round still needs, or null. */
  awaiting_signature: string | null;
}

export interface ParticipantRow {
  id: number;
  hearing_id: number;
  name: string;
  role: string;
  attendance: string;
  /** Step 10: a remote line's way of participation; null on lines marked remote before it (read as video-conference). */
  remote_via: string | null;
  remote_app: string | null;
  note: string;
  position: number;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
}

export interface ExhibitRow {
  id: number;
  hearing_id: number;
  number: string;
  description: string;
  status: string;
  offered_by: string | null;
  created_at: string;
  updated_at: string;
}

/** An entry joined with its current revision and its exhibit. */
export interface EntryRow {
  id: number;
  uid: string;
  hearing_id: number;
  kind: string;
  started_at: string;
  created_at: string;
  recording_ms: number | null;
  recording_session: string | null;
  author: string;
  addendum: number;
  exhibit_id: number | null;
  exhibit_number: string | null;
  exhibit_description: string | null;
  rev: number;
  text: string;
  speaker: string | null;
  speaker_id: number | null;
  deleted: number;
  rev_author: string;
  rev_created_at: string;
}

export interface RevisionRow {
  entry_id: number;
  rev: number;
  text: string;
  speaker: string | null;
  speaker_id: number | null;
  deleted: number;
  reason: string;
  author: string;
  created_at: string;
  addendum: number;
  /** The kind this revision corrects the entry to; null: unchanged. */
  kind: string | null;
}

export interface SignatureRow {
  id: number;
  hearing_id: number;
  signed_at: string;
  signer: string;
  issuer: string;
  serial: string;
  cert_sha256: string;
  lang: string;
  pdf_path: string;
  p7s_path: string;
  pdf_sha256: string;
  p7s_sha256: string;
  round_id: number | null;
  /** The round's number, joined from protocol_signing_rounds (see SIGNATURE_SELECT). */
  round_number: number | null;
  capacity: string | null;
  subject: string;
  iin: string | null;
  not_before: string | null;
  not_after: string | null;
  completes_round: number;
  copy_path: string | null;
}

/** A signature row with its round's number. */
export const SIGNATURE_SELECT = `SELECT s.*, r.number AS round_number FROM protocol_signatures s LEFT JOIN protocol_signing_rounds r ON r.id = s.round_id`;

export interface SigningRoundRow {
  id: number;
  hearing_id: number;
  number: number;
  lang: string;
  time_zone: string;
  pdf_path: string;
  pdf_sha256: string;
  /** The HearingDetail the PDF was rendered from (JSON). */
  document: string;
  created_at: string;
}

/** An entry's current kind: the latest correction of it (a revision with a kind), else the kind it was logged as. */
export const ENTRY_KIND = `coalesce((SELECT k.kind FROM entry_revisions k WHERE k.entry_id = e.id AND k.kind IS NOT NULL ORDER BY k.rev DESC LIMIT 1), e.kind)`;

/** Columns of an entry with its current revision; use with ENTRY_FROM. */
export const ENTRY_COLUMNS = `e.id, e.uid, e.hearing_id, ${ENTRY_KIND} AS kind, e.started_at, e.created_at, e.recording_ms, e.recording_session,
  e.author, e.addendum, e.exhibit_id, x.number AS exhibit_number, x.description AS exhibit_description,
  r.rev, r.text, r.speaker, r.speaker_id, r.deleted, r.author AS rev_author, r.created_at AS rev_created_at`;
export const ENTRY_FROM = `entries e
  JOIN entry_revisions r ON r.entry_id = e.id AND r.rev = (SELECT max(rev) FROM entry_revisions WHERE entry_id = e.id)
  LEFT JOIN exhibits x ON x.id = e.exhibit_id`;

/**
 * How far the hearing's signing is: the number of signatures, and the capacity that an open round
 * (its latest, holding one of the two required signatures) still needs.
 */
export const SIGNATURE_STATE_COLUMNS = `(SELECT count(*) FROM protocol_signatures s WHERE s.hearing_id = h.id) AS signature_count,
  (SELECT CASE WHEN count(*) = 1 THEN (CASE max(s.capacity) WHEN 'secretary' THEN 'judge' ELSE 'secretary' END) END
     FROM protocol_signatures s
     WHERE s.round_id = (SELECT max(r.id) FROM protocol_signing_rounds r WHERE r.hearing_id = h.id)) AS awaiting_signature`;

export const HEARING_COLUMNS = `h.*,
  (SELECT count(*) FROM participants p WHERE p.hearing_id = h.id AND p.withdrawn_at IS NULL) AS participant_count,
  (SELECT count(*) FROM entries e WHERE e.hearing_id = h.id) AS entry_count,
  ${SIGNATURE_STATE_COLUMNS}`;

export function toHearing(r: HearingRow): Hearing {
  return {
    id: r.id,
    uid: r.uid,
    caseNumber: r.case_number,
    category: r.category as HearingCategory,
    court: r.court,
    courtroom: r.courtroom,
    judge: r.judge,
    secretary: r.secretary,
    scheduledStart: r.scheduled_start,
    scheduledEnd: r.scheduled_end,
    actualStart: r.actual_start,
    actualEnd: r.actual_end,
    status: r.status as HearingStatus,
    locked: r.signed_at !== null,
    signedAt: r.signed_at,
    signedBy: r.signed_by,
    awaitingSignature: r.awaiting_signature as SigningCapacity | null,
    source: r.source as 'schedule' | 'adhoc',
    externalId: r.external_id,
    participantCount: r.participant_count,
    entryCount: r.entry_count,
    sessionMode: r.session_mode as 'open' | 'closed',
    proceedingsLanguage: r.proceedings_language as 'kk' | 'ru' | null,
    cancelled: r.cancelled_at === null ? null : { at: r.cancelled_at, by: r.cancelled_by ?? '', reason: r.cancel_reason ?? '' },
  };
}

/** What the rules need to know of a cancellation (null: not cancelled). */
export const cancelledOf = (r: HearingRow): { reason: string } | null => (r.cancelled_at === null ? null : { reason: r.cancel_reason ?? '' });

export function toParticipant(r: ParticipantRow): Participant {
  return {
    id: r.id,
    hearingId: r.hearing_id,
    name: r.name,
    role: r.role as ParticipantRole,
    attendance: r.attendance as Attendance,
    via: r.attendance === 'remote' ? ((r.remote_via as RemoteVia | null) ?? 'videoconference') : null,
    app: r.attendance === 'remote' ? r.remote_app : null,
    note: r.note,
    position: r.position,
    withdrawnAt: r.withdrawn_at,
    withdrawReason: r.withdraw_reason,
  };
}

export function toExhibit(r: ExhibitRow): Exhibit {
  return {
    id: r.id,
    hearingId: r.hearing_id,
    number: r.number,
    description: r.description,
    status: r.status as ExhibitStatus,
    offeredBy: r.offered_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toEntry(r: EntryRow): Entry {
  return {
    id: r.id,
    uid: r.uid,
    hearingId: r.hearing_id,
    kind: r.kind as EntryKind,
    startedAt: r.started_at,
    createdAt: r.created_at,
    recordingPositionMs: r.recording_ms,
    recordingSessionId: r.recording_session,
    author: r.author,
    addendum: r.addendum === 1,
    speaker: r.speaker,
    speakerId: r.speaker_id,
    exhibitId: r.exhibit_id,
    exhibitLabel: r.exhibit_number === null ? null : exhibitLabel(r.exhibit_number, r.exhibit_description),
    text: r.text,
    deleted: r.deleted === 1,
    revision: r.rev,
    revisedAt: r.rev_created_at,
    revisedBy: r.rev_author,
  };
}

/** A revision as read with the kind the entry had at it (`kind_now`: see ProtocolQueries.history). */
export function toRevision(r: RevisionRow & { kind_now: string }): Revision {
  return {
    entryId: r.entry_id,
    revision: r.rev,
    text: r.text,
    speaker: r.speaker,
    speakerId: r.speaker_id,
    deleted: r.deleted === 1,
    reason: r.reason,
    author: r.author,
    createdAt: r.created_at,
    addendum: r.addendum === 1,
    kind: r.kind_now as EntryKind,
  };
}

export function toSignature(r: SignatureRow): Signature {
  return {
    id: r.id,
    hearingId: r.hearing_id,
    signedAt: r.signed_at,
    signer: r.signer,
    issuer: r.issuer,
    serial: r.serial,
    certSha256: r.cert_sha256,
    lang: r.lang as 'kk' | 'ru',
    pdfPath: r.pdf_path,
    p7sPath: r.p7s_path,
    pdfSha256: r.pdf_sha256,
    p7sSha256: r.p7s_sha256,
    capacity: r.capacity as SigningCapacity | null,
    subject: r.subject,
    iin: r.iin,
    notBefore: r.not_before,
    notAfter: r.not_after,
    round: r.round_number,
    completesRound: r.completes_round === 1,
    copyPath: r.copy_path,
  };
}
