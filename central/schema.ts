import type { Generated, Kysely } from 'kysely';
import type { CopyRequestColumns } from '../common/sync-api';
import type { ObservationTables } from './observation-schema';

// Central's tables, as the query layer sees them. Booleans are 0/1 integers and times ISO
// strings, so SQLite and PostgreSQL store and compare them the same way.

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
// ---- what the stations' typed events say (one table per kind of record, keyed by station) ----

export interface ProtocolHearingsTable {
  station_id: string;
  hearing_uid: string;
  /** The station's own row id: the `ref` of its protocol events. */
  local_id: number;
  /** Central's schedule id, when the hearing came from the schedule. */
  external_id: string | null;
  case_number: string;
  category: string;
  court: string;
  courtroom: string;
  judge: string;
  secretary: string;
  scheduled_start: string | null;
  scheduled_end: string | null;
  source: string;
  status: string;
  actual_start: string | null;
  actual_end: string | null;
  signed_at: string | null;
  signed_by: string | null;
  created_at: string;
  updated_at: string;
  /** 'open' | 'closed' */
  session_mode: Generated<string>;
  /** 'kk' | 'ru', or null when not stated. */
  proceedings_language: string | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
}
export interface ProtocolParticipantsTable {
  station_id: string;
  local_id: number;
  hearing_uid: string;
  name: string;
  role: string;
  attendance: string;
  note: string;
  position: number;
  updated_at: string;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  /** Step 9: a remote line's way of participation and program. */
  remote_via: string | null;
  remote_app: string | null;
}
export interface ProtocolEntriesTable {
  station_id: string;
  entry_uid: string;
  local_id: number;
  hearing_uid: string;
  kind: string;
  started_at: string;
  created_at: string;
  recording_ms: number | null;
  recording_session: string | null;
  author: string;
  addendum: number;
  exhibit_number: string | null;
}
export interface ProtocolRevisionsTable {
  station_id: string;
  entry_uid: string;
  rev: number;
  /** entry.add (revision 1), entry.edit, entry.delete, entry.restore */
  op: string;
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
export interface ProtocolExhibitsTable {
  station_id: string;
  local_id: number;
  hearing_uid: string;
  number: string;
  description: string;
  status: string;
  offered_by: string | null;
  updated_at: string;
}
export interface ProtocolSignaturesTable {
  station_id: string;
  local_id: number;
  hearing_uid: string;
  signed_at: string;
  signer: string;
  issuer: string;
  serial: string;
  cert_sha256: string;
  lang: string;
  pdf_sha256: string;
  p7s_sha256: string;
  // Two signatures over one PDF (migration step 3); null for events of older stations.
  capacity: string | null;
  subject: string | null;
  iin: string | null;
  not_before: string | null;
  not_after: string | null;
  round: number | null;
  completes_round: number | null;
}
export interface StationAuditTable {
  station_id: string;
  local_id: number;
  at: string;
  person_id: number | null;
  person_name: string | null;
  role: string | null;
  call: string;
  door: string;
  hearing_local_id: number | null;
  target: string;
  outcome: string;
}
/** One anchored link of a station's session chain (chain.link events), append-only. */
export interface ChainLinksTable {
  station_id: string;
  session_id: string;
  idx: number;
  entry_type: string;
  file: string | null;
  hash: string;
  prev: string;
  received_at: string;
}
/** Evidence flags for the Situation Center: refused links, foreign manifest keys, damaged sessions. */
export interface EvidenceFlagsTable {
  id: Generated<number>;
  station_id: string;
  session_id: string;
  kind: string;
  detail: string;
  at: string;
}
// ---- the Situation Center (migration step 6) ----------------------------------------------

/** A person who signs in to the Situation Center: a supervisor, or an administrator. */
export interface UsersTable {
  login: string;
  name: string;
  role: 'supervisor' | 'admin';
  /** scrypt$N$r$p$salt$hash (base64url), see users.ts. */
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}
/** A signed-in browser: the SHA-256 of its cookie's token, never the token. */
export interface WebSessionsTable {
  token_hash: string;
  login: string;
  created_at: string;
  expires_at: string;
}
/** A flag the Situation Center raised: open while cleared_at is null; acknowledged by whom, when. */
export interface FlagsTable {
  id: Generated<number>;
  station_id: string;
  kind: string;
  /** What makes one finding this flag and not another (kind and hearing, alarm, session). */
  flag_key: string;
  hearing_id: string | null;
  opened_at: string;
  cleared_at: string | null;
  /** JSON: the facts the flag was raised on (times, values). */
  evidence: string;
  acked_by: string | null;
  acked_at: string | null;
}
/** What supervisors and administrators did on the Situation Center: sign-in, acknowledgements. */
export interface SupervisorAuditTable {
  id: Generated<number>;
  at: string;
  login: string;
  role: string;
  action: string;
  target: string;
  detail: string;
}
/** room.test events: the stations' room tests (verdict and reason codes). */
export interface RoomTestsTable {
  station_id: string;
  test_id: string;
  at: string;
  ready: number;
  reasons: string;
  hearing_id: string | null;
}
/** What one heartbeat alone cannot say: since when the backlog grows, when the room last recorded. */
export interface StationTrendTable {
  station_id: string;
  backlog: number;
  backlog_growing_since: string | null;
  last_recording_at: string | null;
}
/** Spans of time a station reported recording (heartbeats), for the room's timeline. */
export interface RecordingSpansTable {
  id: Generated<number>;
  station_id: string;
  hearing_id: string | null;
  started_at: string;
  last_at: string;
}
/** Which region a court belongs to (the Situation Center's filter). */
export interface CourtRegionsTable {
  court: string;
  region: string;
}
// ---- participants' copies and seals (migration step 8) -----------------------------------

/** A party's request for a copy of a hearing's recording, filed through the admin API. */
export interface CopyRequestsTable extends CopyRequestColumns {
  /** The station whose files are in (the first to upload against the request). */
  station_id: string | null;
  /** ReceiptCheck as JSON, once the four files were in. */
  receipt_check: string | null;
  version: number;
}
/** One of a request's four files: declared by its upload (SHA-256, size), received once the bytes hash to it. */
export interface CopyFilesTable {
  request_id: string;
  name: string;
  station_id: string;
  sha256: string;
  bytes: number;
  upload_id: string;
  status: 'declared' | 'received';
  received_at: string | null;
}
/** review.seal events as records: a seal (act seal) is in force until an unseal record names it. */
export interface SealRecordsTable {
  station_id: string;
  session_id: string;
  seq: number;
  act: 'seal' | 'unseal';
  seal_seq: number;
  from_ms: number | null;
  to_ms: number | null;
  reason: string;
  at: string;
}
export interface CentralSchema extends ObservationTables {
  copy_requests: CopyRequestsTable;
  copy_files: CopyFilesTable;
  seal_records: SealRecordsTable;
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
  protocol_hearings: ProtocolHearingsTable;
  protocol_participants: ProtocolParticipantsTable;
  protocol_entries: ProtocolEntriesTable;
  protocol_revisions: ProtocolRevisionsTable;
  protocol_exhibits: ProtocolExhibitsTable;
  protocol_signatures: ProtocolSignaturesTable;
  station_audit: StationAuditTable;
  chain_links: ChainLinksTable;
  evidence_flags: EvidenceFlagsTable;
  users: UsersTable;
  web_sessions: WebSessionsTable;
  flags: FlagsTable;
  supervisor_audit: SupervisorAuditTable;
  room_tests: RoomTestsTable;
  station_trend: StationTrendTable;
  recording_spans: RecordingSpansTable;
  court_regions: CourtRegionsTable;
  central_migrations: MigrationsTable & { id?: Generated<number> };
}

export type CentralDb = Kysely<CentralSchema>;
export type DbKind = 'sqlite' | 'postgres';
