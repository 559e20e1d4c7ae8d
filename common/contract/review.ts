import { z } from 'zod';
import { TimelineEntrySchema } from './recording';
import { call, TRANSPORTS } from './define';
import { ExportLangSchema } from './protocol';

// The judge's review in chambers: the recording sessions of a hearing, laid out on their
// timelines with a media URL per segment, and the playback audit (every playback start is
// evidence of who listened to what). Media bytes never cross the contract: the URLs point at
// `/media/<sessionId>/<file>?t=<token>`, which `hattama serve` and the Electron app:// protocol
// both answer through main/review/media.ts (token checked, only files of the session's chain,
// HTTP Range).

/** Playback starts this long before an entry's recording position, so the judge hears the lead-in. */
export const REVIEW_PREROLL_MS = 2000;
/** J / L jump this far back / forward. */
export const REVIEW_JUMP_MS = 10_000;

const Id = z.int().positive();
const SessionIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/);

export const ReviewSegmentSchema = z.object({
  /** Track id from the chain: "audio", later "cam1", "screen". */
  track: z.string(),
  kind: z.enum(['audio', 'video']),
  index: z.int(),
  file: z.string(),
  /** Relative URL that serves the file (with its access token); same shape under serve and Electron. */
  url: z.string(),
  /** Where the file starts on the session's recording timeline, ms. */
  startMs: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  /** Wall clock of its first sample. */
  startedAt: z.string(),
  bytes: z.int().nonnegative(),
  sha256: z.string(),
  recovered: z.boolean(),
});
export type ReviewSegment = z.infer<typeof ReviewSegmentSchema>;

export const ReviewChannelSchema = z.object({ channel: z.int().min(1), role: z.string() });

/** The two sound tracks a listener can solo: the microphones' (by channel) and the conference's. */
export const ReviewTrackSchema = z.enum(['audio', 'conference']);
export type ReviewTrack = z.infer<typeof ReviewTrackSchema>;

/** Why a judge seals a range (a seal record's `reason`); `other` needs the judge's words. */
export const SEAL_REASONS = ['closedSession', 'minor', 'stateSecret', 'personalData', 'other'] as const;
export const SealReasonSchema = z.enum(SEAL_REASONS);

/** A sealed range in force on a session's timeline (ms). Its text is shown to a judge only. */
export const SealedRangeSchema = z.object({
  seq: z.int().min(1),
  fromMs: z.int().min(0),
  toMs: z.int().min(0),
  reason: SealReasonSchema,
  text: z.string().nullable(),
  by: z.string().nullable(),
  at: z.string(),
});
export type SealedRange = z.infer<typeof SealedRangeSchema>;

/** One seal record as it lies in the session folder (seals/seal-NNNNNN.json). */
export const SealRecordSchema = z.object({
  seq: z.int().min(1),
  file: z.string(),
  op: z.enum(['seal', 'unseal']),
  sealSeq: z.int().min(1),
  fromMs: z.int().nullable(),
  toMs: z.int().nullable(),
  reason: SealReasonSchema,
  text: z.string().nullable(),
  by: z.string(),
  at: z.string(),
  hash: z.string(),
});
export type SealRecordView = z.infer<typeof SealRecordSchema>;

export const ClipResultSchema = z.object({
  clipId: z.string(),
  /** DATA/clips/<clipId>: the CLI copies it to its --out. */
  dir: z.string(),
  files: z.array(z.string()),
  /** Sealed ranges the clip was cut around. */
  excluded: z.array(z.object({ seq: z.int(), fromMs: z.number(), toMs: z.number() })),
  manifestSha256: z.string(),
});
export type ClipResult = z.infer<typeof ClipResultSchema>;

const CopyFileSchema = z.object({ path: z.string(), sha256: z.string(), bytes: z.int().nonnegative() });

export const CopyResultSchema = z.object({
  copyId: z.string(),
  /** DATA/copies/<copyId>: copy.mp4, protocol.pdf, receipt.json, receipt.sig. */
  dir: z.string(),
  /** The MP4's length: recorded time minus sealed time, plus a short notice card per sealed range. */
  durationMs: z.number().nonnegative(),
  recordedMs: z.number().nonnegative(),
  sealedMs: z.number().nonnegative(),
  /** Sealed ranges taken out, per session (times only). */
  removed: z.array(z.object({ sessionId: z.string(), fromMs: z.number(), toMs: z.number() })),
  video: CopyFileSchema,
  protocol: CopyFileSchema,
  receipt: CopyFileSchema,
  signature: z.object({ path: z.string(), keyId: z.string() }),
});
export type CopyResult = z.infer<typeof CopyResultSchema>;

const MAX_POSITION_MS = 7 * 24 * 3600 * 1000;

export const ReviewSessionSchema = z.object({
  sessionId: z.string(),
  startedAt: z.string(),
  /** complete / recovered / aborted from the signed manifest; recording while the session runs; unfinished without a manifest. */
  status: z.enum(['complete', 'recovered', 'aborted', 'recording', 'unfinished']),
  signed: z.boolean(),
  /** Audio on the timeline, ms (what the player can reach). */
  durationMs: z.number().nonnegative(),
  sampleRate: z.int().nullable(),
  channels: z.array(ReviewChannelSchema),
  /** The conference's sound, recorded as its own track on the microphones' timeline (null: not recorded). */
  conference: z.object({ channels: z.int().min(1), device: z.string().nullable() }).nullable(),
  /** Every segment of every track, in timeline order (audio first). */
  segments: z.array(ReviewSegmentSchema),
  /** Pauses (recess, deliberation), gaps, stop: shown on the player's timeline, never hidden. */
  timeline: z.array(TimelineEntrySchema),
  /** The chain read back without a problem (full proof: `hattama verify`). */
  chainIntact: z.boolean(),
  /** Sealed ranges in force: shown as sealed blocks; only a judge's playback enters them. */
  sealed: z.array(SealedRangeSchema),
});
export type ReviewSession = z.infer<typeof ReviewSessionSchema>;

export { TRANSPORTS };

export const ReviewAuditRowSchema = z.object({
  id: Id,
  at: z.string(),
  actor: z.string(),
  /** open: the hearing's recordings were opened (media access granted); play: playback started. */
  action: z.enum(['open', 'play']),
  hearingId: Id,
  sessionId: z.string().nullable(),
  positionMs: z.int().nullable(),
  /** Soloed channel (1-based) or null for the mix. */
  channel: z.int().nullable(),
  role: z.string().nullable(),
  /** What was soloed or mixed: the microphones' track, or the conference's. */
  track: ReviewTrackSchema,
  transport: z.enum(TRANSPORTS),
});
export type ReviewAuditRow = z.infer<typeof ReviewAuditRowSchema>;


export const reviewCalls = {
  'review.sessions': call(
    z.object({ hearingId: Id }).strict(),
    z.array(ReviewSessionSchema),
    "The hearing's recording sessions with their segments, channels (roles from the manifest), pauses and gaps, and a media URL per segment. Audited as 'open'.",
  ),
  'review.play': call(
    z
      .object({
        hearingId: Id,
        sessionId: SessionIdSchema,
        positionMs: z.int().min(0).max(MAX_POSITION_MS),
        /** 1-based channel when one microphone is soloed; null for the mix (or the whole conference track). */
        channel: z.int().min(1).max(64).nullable(),
        /** `conference`: the conference's sound is soloed (channel null). */
        track: ReviewTrackSchema.default('audio'),
      })
      .strict(),
    ReviewAuditRowSchema,
    'Writes a playback start to the audit log; the player starts only once this resolves.',
  ),
  'review.audit': call(z.object({ hearingId: Id }).strict(), z.array(ReviewAuditRowSchema), "The hearing's review audit log, oldest first."),
  'review.seal': call(
    z
      .object({
        sessionId: SessionIdSchema,
        fromMs: z.int().min(0).max(MAX_POSITION_MS),
        toMs: z.int().min(1).max(MAX_POSITION_MS),
        reason: SealReasonSchema,
        text: z.string().trim().max(2000).optional(),
      })
      .strict(),
    SealRecordSchema,
    "Seal a range of a session's recording (judge): a signed record in the session's evidence, during the hearing or after; playback by anyone else and clips leave it out.",
  ),
  'review.unseal': call(
    z.object({ sessionId: SessionIdSchema, seal: z.int().min(1), text: z.string().trim().min(1).max(2000) }).strict(),
    SealRecordSchema,
    'Lift a seal (judge), with a reason: a new signed record; the seal stays in the evidence.',
  ),
  'review.seals': call(
    z.object({ sessionId: SessionIdSchema }).strict(),
    z.object({ records: z.array(SealRecordSchema), inForce: z.array(SealedRangeSchema) }),
    "A session's seal records, oldest first, and the sealed ranges in force.",
  ),
  'review.clip': call(
    z
      .object({
        sessionId: SessionIdSchema,
        fromMs: z.int().min(0).max(MAX_POSITION_MS),
        toMs: z.int().min(1).max(MAX_POSITION_MS),
        /** Track ids (audio, cam1, screen); all of the session's when absent. */
        tracks: z.array(z.string().min(1).max(40)).max(20).optional(),
        /** false: refuse a range that overlaps a sealed one instead of cutting around it. */
        excludeSealed: z.boolean().optional(),
      })
      .strict(),
    ClipResultSchema,
    "Cut a clip of a session (judge) into DATA/clips/<id>/: audio sample-exact, video at keyframes, a clip manifest with the source's hashes and ranges, signed by the station; sealed ranges are cut around.",
  ),
  'review.copy': call(
    z.object({ hearingId: Id, lang: ExportLangSchema.default('kk') }).strict(),
    CopyResultSchema,
    "Make a participants' copy of a hearing (judge, secretary) into DATA/copies/<id>/: one MP4 (H.264 + AAC; microphones and the conference's sound mixed, the main camera or else the conference screen, case number and time of day burnt in) with every sealed range taken out and replaced by a short notice card, the protocol PDF, and a receipt with each file's SHA-256, signed by the station.",
  ),
};

export const reviewEvents = {};
