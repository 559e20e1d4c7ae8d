import { z } from 'zod';
import { EntryKindSchema, ExhibitStatusSchema, HearingCategorySchema, HearingStatusSchema } from './protocol/kinds';
import { ParticipantEventSchema } from './participant-event';
import { PrivacyMuteEventSchema } from './privacy-mute-event';

// Every kind of event a station writes to its outbox, with the exact payload each may carry:
// one discriminated union on `kind`. The station's mappers are typed against it (a renamed
// field fails the type check there), the worker checks each row with it before sending, and
// central parses every pushed event with it and stores typed data: nothing is guessed from
// field names. Field names are those the station's tables use (snake_case columns, camelCase
// references to other rows). Payloads are strict: a field central does not know is refused.

const Time = z.iso.datetime({ offset: true });
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const Id = z.string().min(1).max(200);
/** The station's own row id (SQLite INTEGER PRIMARY KEY). */
const LocalId = z.int().min(1);
/** A row's station-wide unique id (UUID). */
const Uid = z.string().min(1).max(100);
const Text = z.string().max(100_000);
/** SQLite booleans. */
const Flag = z.union([z.literal(0), z.literal(1)]);

// ---- protocol.hearing: the header of a hearing ------------------------------------------

const hearingHeader = {
  case_number: Text,
  category: HearingCategorySchema,
  court: Text,
  courtroom: Text,
  judge: Text,
  secretary: Text,
  scheduled_start: Time.nullable(),
  scheduled_end: Time.nullable(),
};

export const HearingCreatedSchema = z
  .object({
    op: z.literal('create'),
    id: LocalId,
    uid: Uid,
    ...hearingHeader,
    source: z.enum(['schedule', 'adhoc']),
    /** Central's schedule id when the hearing came from the schedule feed. */
    external_id: Id.nullable(),
    created_at: Time,
    updated_at: Time,
  })
  .strict();

/** Only the header fields that changed; a cancellation is an update that sets its three. */
export const HearingUpdatedSchema = z
  .object({
    op: z.literal('update'),
    id: LocalId,
    uid: Uid,
    updated_at: Time,
    ...z.object(hearingHeader).partial().shape,
    session_mode: z.enum(['open', 'closed']).optional(),
    proceedings_language: z.enum(['kk', 'ru']).nullable().optional(),
    cancelled_at: Time.optional(),
    cancelled_by: Text.optional(),
    cancel_reason: Text.optional(),
  })
  .strict();

export const HearingEventSchema = z.discriminatedUnion('op', [HearingCreatedSchema, HearingUpdatedSchema]);

// ---- protocol.entry / protocol.revision: the append-only log -------------------------------

/** One revision of an entry's text, speaker and kind (revision 1 rides with the entry itself). */
export const RevisionSchema = z
  .object({
    entry_id: LocalId,
    rev: z.int().min(1),
    text: Text,
    speaker: Text.nullable(),
    speaker_id: LocalId.nullable(),
    deleted: Flag,
    reason: Text,
    author: Text,
    created_at: Time,
    addendum: Flag,
    /** The kind this revision corrects the entry to; null or absent: unchanged. */
    kind: EntryKindSchema.nullable().optional(),
  })
  .strict();

export const EntryAddedSchema = z
  .object({
    op: z.literal('add'),
    hearingUid: Uid,
    id: LocalId,
    uid: Uid,
    hearing_id: LocalId,
    kind: EntryKindSchema,
    /** Time of day of the event (the first keystroke of a note). */
    started_at: Time,
    created_at: Time,
    recording_ms: z.int().min(0).nullable(),
    recording_session: Id.nullable(),
    author: Text,
    addendum: Flag,
    exhibit_id: LocalId.nullable(),
    exhibit: z.object({ number: Text, description: Text.optional() }).strict().nullable(),
    revision: RevisionSchema,
    /** The hearing's status once this entry is in. */
    hearingStatus: HearingStatusSchema,
  })
  .strict();

export const RevisedSchema = z
  .object({ op: z.enum(['entry.edit', 'entry.delete', 'entry.restore']), hearingUid: Uid, entryUid: Uid, revision: RevisionSchema })
  .strict();

// ---- protocol.exhibit -----------------------------------------------------------------------

export const ExhibitAddedSchema = z
  .object({
    op: z.literal('add'),
    id: LocalId,
    hearingUid: Uid,
    hearing_id: LocalId,
    number: Text,
    description: Text,
    status: ExhibitStatusSchema,
    offered_by: Text.nullable(),
    created_at: Time,
    updated_at: Time,
  })
  .strict();

export const ExhibitStatusChangedSchema = z
  .object({ op: z.literal('status'), id: LocalId, hearingUid: Uid, status: ExhibitStatusSchema, description: Text, updated_at: Time })
  .strict();

export const ExhibitEventSchema = z.discriminatedUnion('op', [ExhibitAddedSchema, ExhibitStatusChangedSchema]);

// ---- protocol.signed ------------------------------------------------------------------------

export const SignedSchema = z
  .object({
    hearingUid: Uid,
    id: LocalId,
    hearing_id: LocalId,
    signed_at: Time,
    signer: Text,
    issuer: Text,
    serial: Text,
    cert_sha256: Sha256Hex,
    lang: z.enum(['kk', 'ru']),
    /** Paths on the station, relative or absolute as it stored them. */
    pdf_path: Text,
    p7s_path: Text,
    pdf_sha256: Sha256Hex,
    p7s_sha256: Sha256Hex,
    // Two signatures (secretary and judge) over one PDF. Optional: stations before them sent
    // none, and their one signature locked the protocol.
    capacity: z.enum(['secretary', 'judge']).optional(),
    subject: Text.optional(),
    /** From the certificate's SERIALNUMBER=IIN…; null when it has none. */
    iin: z.string().regex(/^\d{12}$/).nullable().optional(),
    not_before: Time.optional(),
    not_after: Time.optional(),
    /** The signing round (1, 2… per hearing); its signatures are over the same PDF (same pdf_sha256). */
    round: z.int().min(1).optional(),
    /** 1: the round's last signature: the protocol (or its addenda) is signed with it. */
    completes_round: Flag.optional(),
  })
  .strict();

// ---- segment: a closed media file (audio or video) of a recording session --------------------

export const SegmentPayloadSchema = z
  .object({
    sessionId: Id,
    track: z.string().min(1).max(100),
    /** Path relative to the station's data directory. */
    file: z.string().min(1).max(500),
    sha256: Sha256Hex,
    bytes: z.int().min(0),
  })
  .strict();
export type SegmentPayload = z.infer<typeof SegmentPayloadSchema>;

// ---- remark.decision: the secretary accepted or rejected a remark filed on central ----------

export const RemarkDecisionSchema = z
  .object({ remarkId: Id, decision: z.enum(['accepted', 'rejected']), reason: z.string().max(2000), decidedAt: Time })
  .strict();
export type RemarkDecision = z.infer<typeof RemarkDecisionSchema>;

// ---- audit.entry: one row of the station's access audit (who, which role, what, the outcome) --

export const AuditEntrySchema = z
  .object({
    id: LocalId,
    at: Time,
    personId: LocalId.nullable(),
    personName: z.string().max(200).nullable(),
    role: z.string().max(40).nullable(),
    call: z.string().max(100),
    door: z.enum(['ipc', 'bridge', 'control', 'cli', 'test', 'central']),
    hearingId: LocalId.nullable(),
    target: z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean(), z.null()])),
    outcome: z.string().max(100),
  })
  .strict();
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

// ---- chain.link: one link of a recording session's hash chain, anchored on central ----------
// `link`: written as the link is appended to chain.jsonl (index = the entry's seq, hash, prev
// hash; file: the segment or opened file the entry names). `sealed`: the signed manifest's
// signature over the chain (central checks it against the enrolled key). `damaged`: recovery
// found less on disk than the station's database recorded, and signed nothing.

export const ChainLinkPayloadSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('link'),
      sessionId: Id,
      index: z.int().min(0),
      type: z.enum(['session', 'track', 'open', 'segment', 'mark']),
      file: z.string().min(1).max(500).nullable(),
      hash: Sha256Hex,
      prev: Sha256Hex,
    })
    .strict(),
  z
    .object({
      op: z.literal('sealed'),
      sessionId: Id,
      /** The manifest's chain length and head. */
      length: z.int().min(1),
      head: Sha256Hex,
      /** The manifest's signing text (canonical JSON without `signature`) and its Ed25519 signature. */
      signedText: z.string().max(4_000_000),
      keyId: z.string().max(100),
      publicKey: z.string().max(200),
      signature: z.string().max(200),
    })
    .strict(),
  z
    .object({
      op: z.literal('damaged'),
      sessionId: Id,
      /** What the station's database recorded: chain length and head. */
      expectedLength: z.int().min(0),
      expectedHead: Sha256Hex.nullable(),
      /** What the disk holds. */
      diskLength: z.int().min(0),
      /** First link that differs or is missing (index). */
      firstBad: z.int().min(0),
      detail: z.string().max(2000),
      at: Time,
    })
    .strict(),
]);
export type ChainLinkPayload = z.infer<typeof ChainLinkPayloadSchema>;

// ---- room.test: the result of a room test before a hearing, for the Situation Center ---------
// `ready` is the station's verdict; `reasons` are its reason codes (roomcheck:reasons.<code>) when
// not ready. Central flags the room as not ready from it; the test's audio never leaves the station.

export const RoomTestEventSchema = z
  .object({
    id: Id,
    at: Time,
    ready: z.boolean(),
    reasons: z.array(z.string().min(1).max(100)).max(50),
    /** The hearing the test was run for, as central names it, when the station knows it. */
    hearingId: Id.nullable(),
  })
  .strict();
export type RoomTestEvent = z.infer<typeof RoomTestEventSchema>;

// ---- review.seal: a judge sealed (or lifted the seal of) a range of a session's recording ----
// The signed seal record as it lies in the session folder (seals/seal-NNNNNN.json, docs/evidence.md
// "Sealed ranges"): seq, what it seals or lifts, why, who, when, its hash, the previous record's
// hash, what it is anchored to, and the station's Ed25519 signature over it.

export const SealEventSchema = z
  .object({
    sessionId: Id,
    seq: z.int().min(1),
    /** seal, or unseal (lifts seal `sealSeq`); not `op`: one act per record, not variants of a payload. */
    act: z.enum(['seal', 'unseal']),
    sealSeq: z.int().min(1),
    fromMs: z.int().min(0).nullable(),
    toMs: z.int().min(0).nullable(),
    reason: z.enum(['closedSession', 'minor', 'stateSecret', 'personalData', 'other']),
    text: z.string().max(2000).nullable(),
    by: z.string().max(200),
    at: Time,
    hash: Sha256Hex,
    prev: Sha256Hex,
    manifestSha256: Sha256Hex.nullable(),
    chainLength: z.int().min(0).nullable(),
    chainHead: Sha256Hex.nullable(),
    keyId: z.string().max(100),
    signature: z.string().max(200),
  })
  .strict();
export type SealEvent = z.infer<typeof SealEventSchema>;

// ---- the union ------------------------------------------------------------------------------

/** The payload schema of each kind. A new kind is one line here and one in SyncEventSchema. */
export const SYNC_PAYLOADS = {
  'protocol.hearing': HearingEventSchema,
  'protocol.participant': ParticipantEventSchema,
  'protocol.entry': EntryAddedSchema,
  'protocol.revision': RevisedSchema,
  'protocol.exhibit': ExhibitEventSchema,
  'protocol.signed': SignedSchema,
  segment: SegmentPayloadSchema,
  'remark.decision': RemarkDecisionSchema,
  'audit.entry': AuditEntrySchema,
  'chain.link': ChainLinkPayloadSchema,
  'room.test': RoomTestEventSchema,
  'review.seal': SealEventSchema,
  'recording.mute': PrivacyMuteEventSchema,
} as const;

export type SyncEventKind = keyof typeof SYNC_PAYLOADS;
export const SYNC_EVENT_KINDS = Object.keys(SYNC_PAYLOADS) as SyncEventKind[];
/** What the station must write for an event of kind K (and what central reads back). */
export type SyncPayload<K extends SyncEventKind> = z.output<(typeof SYNC_PAYLOADS)[K]>;

function member<K extends SyncEventKind>(kind: K) {
  return z
    .object({
      seq: z.int().min(1),
      kind: z.literal(kind),
      ref: z.string().max(200).nullable(),
      payload: SYNC_PAYLOADS[kind],
      createdAt: z.string().max(40),
    })
    .strict();
}

export const SyncEventSchema = z.discriminatedUnion('kind', [
  member('protocol.hearing'),
  member('protocol.participant'),
  member('protocol.entry'),
  member('protocol.revision'),
  member('protocol.exhibit'),
  member('protocol.signed'),
  member('segment'),
  member('remark.decision'),
  member('audit.entry'),
  member('chain.link'),
  member('room.test'),
  member('review.seal'),
  member('recording.mute'),
]);
export type SyncEvent = z.output<typeof SyncEventSchema>;
/** One member of the union, narrowed by kind. */
export type SyncEventOf<K extends SyncEventKind> = Extract<SyncEvent, { kind: K }>;

// Every kind in SYNC_PAYLOADS has its member in the union (a forgotten one does not compile).
const everyKindIsAMember: [Exclude<SyncEventKind, SyncEvent['kind']>] extends [never] ? true : never = true;
void everyKindIsAMember;
