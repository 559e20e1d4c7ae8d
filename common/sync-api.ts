import { z } from 'zod';
import { SyncEventSchema, type SyncEvent } from './sync-events';

// The HTTP API between a station and central, declared once: central validates every request
// body against these schemas and publishes them as OpenAPI (/openapi.json); the station's sync
// worker parses every answer with them. No runtime dependency beyond zod.

// The outbox events (one discriminated union on kind) live in sync-events.ts; they are part of this API.
export * from './sync-events';

export const SYNC_API_VERSION = 'v1';

/** Station ids follow the settings schema (st-xxxxxxxx or an administrator's choice). */
export const StationIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/);
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const Label = z.string().max(200);
const Id = z.string().min(1).max(200);

// ---- enrollment --------------------------------------------------------------------------

export const EnrollRequestSchema = z
  .object({
    code: z.string().trim().min(4).max(64),
    stationId: StationIdSchema,
    court: Label.default(''),
    courtroom: Label.default(''),
    /** The station's Ed25519 public key, SPKI PEM. */
    publicKey: z.string().min(40).max(2000),
    /** base64 Ed25519 signature of `hattama-enroll\n<stationId>\n<code>`: proof that the station holds the key. */
    signature: z.string().min(40).max(200),
  })
  .strict();
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

export const EnrollResponseSchema = z.object({
  stationId: StationIdSchema,
  /** Bearer token for every later request. Central keeps only its SHA-256. */
  token: z.string(),
  court: z.string(),
  courtroom: z.string(),
  /** Highest protocol sequence number central already holds for this station id (0: none). */
  highestSeq: z.int(),
});
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;

export function enrollmentMessage(stationId: string, code: string): string {
  return `hattama-enroll\n${stationId}\n${code.trim()}`;
}

// ---- protocol push -----------------------------------------------------------------------

export const MAX_EVENTS_PER_BATCH = 1000;

/** An event as pushed, before its kind and payload are checked (a bad envelope is a 400). */
export const EventEnvelopeSchema = z
  .object({
    /** The station's outbox sequence number: with the station id, the event's identity. */
    seq: z.int().min(1),
    kind: z.string().min(1).max(100),
    ref: z.string().max(200).nullable(),
    payload: z.unknown(),
    createdAt: z.string().max(40),
  })
  .strict();

/** A pushed event once its kind and payload are checked (central answers 422 when they are not). */
export const OutboxEventSchema = SyncEventSchema;
export type OutboxEvent = SyncEvent;

export const PushEventsRequestSchema = z.object({ events: z.array(EventEnvelopeSchema).min(1).max(MAX_EVENTS_PER_BATCH) }).strict();
export type PushEventsRequest = z.infer<typeof PushEventsRequestSchema>;
/** The same request as central accepts it after the envelope check: what /openapi.json publishes. */
export const TypedPushEventsRequestSchema = z.object({ events: z.array(OutboxEventSchema).min(1).max(MAX_EVENTS_PER_BATCH) }).strict();

export const PushEventsResponseSchema = z.object({
  /** Events of this batch newly stored. */
  stored: z.int(),
  /** Events of this batch central already held, byte for byte (a retry): ignored. */
  duplicates: z.int(),
  /** Highest seq central holds for this station. */
  highestSeq: z.int(),
});
export type PushEventsResponse = z.infer<typeof PushEventsResponseSchema>;

// ---- segments (tus) ------------------------------------------------------------------------

/** tus Upload-Metadata keys the station sends with each segment upload. */
export const TUS_METADATA = { seq: 'seq', sha256: 'sha256', filename: 'filename' } as const;
export const TUS_PATH = `/${SYNC_API_VERSION}/uploads/`;

export const SegmentStatusSchema = z.object({
  seq: z.int(),
  status: z.enum(['declared', 'verified', 'rejected']),
  sha256: Sha256Hex,
  bytes: z.int(),
  verifiedAt: z.string().nullable(),
});
export type SegmentStatus = z.infer<typeof SegmentStatusSchema>;

// ---- heartbeat -----------------------------------------------------------------------------

export const HeartbeatSchema = z
  .object({
    /** Station's wall clock, ms since epoch: central compares it with its own. */
    clock: z.number(),
    recording: z.boolean(),
    hearingId: z.string().max(200).nullable(),
    alarms: z.array(z.string().max(200)).max(50),
    diskHoursLeft: z.number().nonnegative().nullable(),
    backlog: z.object({ events: z.int().min(0), segments: z.int().min(0), bytes: z.number().min(0) }),
    version: z.string().max(40),
  })
  .strict();
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

export const HeartbeatResponseSchema = z.object({ serverTime: z.number() });

// ---- feeds (central -> station) -------------------------------------------------------------

export const ScheduleEntrySchema = z.object({
  hearingId: Id,
  court: z.string(),
  courtroom: z.string(),
  caseNumber: z.string(),
  title: z.string(),
  judge: z.string(),
  /** ISO date-time. */
  startsAt: z.string(),
  /** A cancelled hearing stays in the feed so that stations drop it. */
  cancelled: z.boolean(),
  version: z.int(),
});
export type ScheduleEntry = z.infer<typeof ScheduleEntrySchema>;

export const DirectoryUserSchema = z.object({
  userId: Id,
  name: z.string(),
  role: z.string(),
  court: z.string(),
  active: z.boolean(),
  version: z.int(),
});
export type DirectoryUser = z.infer<typeof DirectoryUserSchema>;

export const RemarkStatusSchema = z.enum(['pending', 'accepted', 'rejected']);
export const RemarkSchema = z.object({
  remarkId: Id,
  hearingId: Id,
  author: z.string(),
  text: z.string(),
  filedAt: z.string(),
  status: RemarkStatusSchema,
  reason: z.string(),
  decidedAt: z.string().nullable(),
  version: z.int(),
});
export type Remark = z.infer<typeof RemarkSchema>;

// ---- participants' copies: a party asks through the e-filing cabinet, the station delivers ----

/** Who may ask for a copy of the recording: the parties and those who stand for them. */
export const PARTY_ROLES = ['prosecutor', 'defender', 'defendant', 'victim', 'plaintiff', 'respondent', 'third_party', 'representative', 'other'] as const;
export const PartyRoleSchema = z.enum(PARTY_ROLES);
/** requested: waiting for the station; delivered: its four files are in and the receipt holds; rejected: they did not, with the reason. */
export const CopyRequestStateSchema = z.enum(['requested', 'delivered', 'rejected']);
/** The four files a station uploads against a request, by these names only. */
export const COPY_FILES = ['copy.mp4', 'protocol.pdf', 'receipt.json', 'receipt.sig'] as const;
export const CopyFileNameSchema = z.enum(COPY_FILES);
export const CopyRequestSchema = z.object({
  requestId: Id,
  /** Central's name of the hearing (the schedule's hearingId, or the uid of a hearing a station reported). */
  hearingId: Id,
  requester: z.object({ name: z.string(), role: PartyRoleSchema }),
  note: z.string(),
  filedAt: z.string(),
  state: CopyRequestStateSchema,
  reason: z.string(),
  decidedAt: z.string().nullable(),
  version: z.int(),
});
export type CopyRequest = z.infer<typeof CopyRequestSchema>;

/** The columns central and the station both keep a copy request in (each in its own table). */
export interface CopyRequestColumns {
  request_id: string;
  hearing_id: string;
  requester_name: string;
  requester_role: string;
  note: string;
  filed_at: string;
  state: CopyRequest['state'];
  reason: string;
  decided_at: string | null;
  /** PostgreSQL answers a bigint as a string. */
  version: number | string;
}

export function copyRequestOfColumns(r: CopyRequestColumns): CopyRequest {
  return {
    requestId: r.request_id,
    hearingId: r.hearing_id,
    requester: { name: r.requester_name, role: r.requester_role as CopyRequest['requester']['role'] },
    note: r.note,
    filedAt: r.filed_at,
    state: r.state,
    reason: r.reason,
    decidedAt: r.decided_at,
    version: Number(r.version),
  };
}

/** tus Upload-Metadata keys of a copy's file upload (COPY_TUS_PATH): the request, the file's name, its SHA-256. */
export const COPY_TUS_PATH = `/${SYNC_API_VERSION}/copy-uploads/`;
export const COPY_TUS_METADATA = { request: 'request', file: 'file', sha256: 'sha256' } as const;

const CopyFileInSchema = z.object({ name: CopyFileNameSchema, sha256: Sha256Hex, bytes: z.int(), receivedAt: z.string() });
/** A request as the station that may deliver it sees it (GET /v1/copy-requests/:id): its state and the files central holds. */
export const CopyRequestStatusSchema = CopyRequestSchema.extend({ files: z.array(CopyFileInSchema) });
export type CopyRequestStatus = z.infer<typeof CopyRequestStatusSchema>;

/** What central found when the four files were in: the receipt's signature against the station's enrolled key, its hashes against the files. */
export const ReceiptCheckSchema = z.object({
  checkedAt: z.string(),
  copyId: z.string().nullable(),
  keyId: z.string().nullable(),
  /** The signature holds over receipt.json's bytes, made by the delivering station's enrolled Ed25519 key. */
  signatureValid: z.boolean(),
  /** copy.mp4 and protocol.pdf have the SHA-256 and size the receipt gives them. */
  filesMatch: z.boolean(),
  /** The receipt is of the requested hearing (the station's own number of it). */
  hearingMatch: z.boolean(),
  /** Why the request was rejected; null when every check held. */
  problem: z.string().nullable(),
});
export type ReceiptCheck = z.infer<typeof ReceiptCheckSchema>;

export const AdminCopyRequestSchema = z
  .object({
    requestId: Id.optional(),
    hearingId: Id,
    requester: z.object({ name: z.string().trim().min(1).max(200), role: PartyRoleSchema }).strict(),
    note: z.string().max(2000).default(''),
  })
  .strict();
/** A request as the administrator sees it: with the delivering station, the files and the receipt check. */
export const AdminCopyRequestViewSchema = CopyRequestStatusSchema.extend({
  stationId: z.string().nullable(),
  receipt: ReceiptCheckSchema.nullable(),
  /** Seals in force now that the copy does not leave out (laid after it was made): its video and protocol are withheld. */
  sealedSince: z.array(z.object({ sessionId: z.string(), fromMs: z.int(), toMs: z.int() })),
});
export type AdminCopyRequestView = z.infer<typeof AdminCopyRequestViewSchema>;

/** One answer for all the feeds: the changes after the station's cursor, and the new cursor. */
export const FeedResponseSchema = z.object({
  schedule: z.array(ScheduleEntrySchema),
  directory: z.array(DirectoryUserSchema),
  remarks: z.array(RemarkSchema),
  /** Copy requests on the hearings of the station's courtroom (absent from a central before them). */
  copyRequests: z.array(CopyRequestSchema).default([]),
  /** Pass back as ?since= next time. */
  cursor: z.int(),
});
export type FeedResponse = z.infer<typeof FeedResponseSchema>;

export { RemarkDecisionSchema, type RemarkDecision } from './sync-events';

// ---- admin (central operators, tests) --------------------------------------------------------

export const AdminScheduleSchema = z
  .object({
    hearingId: Id,
    court: Label.default(''),
    courtroom: Label,
    caseNumber: Label.default(''),
    title: z.string().max(1000).default(''),
    judge: Label.default(''),
    startsAt: z.iso.datetime({ offset: true }),
    cancelled: z.boolean().default(false),
  })
  .strict();
export const AdminRemarkSchema = z
  .object({ remarkId: Id.optional(), hearingId: Id, author: Label, text: z.string().min(1).max(10000) })
  .strict();
export const AdminDirectorySchema = z
  .object({ users: z.array(z.object({ userId: Id, name: Label, role: Label, court: Label.default(''), active: z.boolean().default(true) }).strict()).max(10000) })
  .strict();
export const AdminCodeSchema = z.object({ court: Label.optional(), courtroom: Label.optional(), ttlHours: z.number().positive().max(24 * 30).optional() }).strict();
export const AdminCodeResponseSchema = z.object({ code: z.string(), expiresAt: z.string() });

export const StationFlagSchema = z.object({
  kind: z.enum(['late-start', 'closed-without-recording', 'clock-drift', 'stale', 'alarm', 'evidence']),
  hearingId: z.string().nullable(),
  detail: z.string(),
});
export const StationOverviewSchema = z.object({
  stationId: z.string(),
  court: z.string(),
  courtroom: z.string(),
  enrolledAt: z.string(),
  revoked: z.boolean(),
  highestSeq: z.int(),
  lastSeenAt: z.string().nullable(),
  state: HeartbeatSchema.nullable(),
  flags: z.array(StationFlagSchema),
});
export type StationOverview = z.infer<typeof StationOverviewSchema>;

export const ErrorResponseSchema = z.object({ error: z.string(), message: z.string() });
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

/** Error codes central answers with (the `error` field); the station maps them to i18n keys. */
export const CENTRAL_ERRORS = [
  'unauthorized',
  'bad_request',
  /** An event of an unknown kind or with a payload its kind does not allow: the batch is refused (422). */
  'invalid_event',
  'bad_json',
  'too_large',
  'seq_conflict',
  'unknown_segment',
  'hash_mismatch',
  'size_mismatch',
  'code_invalid',
  'station_conflict',
  'not_found',
  /** A copy request's body that is JSON but not a request (422). */
  'invalid_request',
  /** A copy request that no longer takes files (delivered or rejected), or a file it does not take (409). */
  'copy_closed',
  /** Bytes withheld because a seal is in force over them (403). */
  'sealed',
  'internal',
] as const;
