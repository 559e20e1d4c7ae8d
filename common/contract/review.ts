import { z } from 'zod';
import { TimelineEntrySchema } from './recording';
import { call, TRANSPORTS } from './define';

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
  /** Every segment of every track, in timeline order (audio first). */
  segments: z.array(ReviewSegmentSchema),
  /** Pauses (recess, deliberation), gaps, stop: shown on the player's timeline, never hidden. */
  timeline: z.array(TimelineEntrySchema),
  /** The chain read back without a problem (full proof: `hattama verify`). */
  chainIntact: z.boolean(),
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
        positionMs: z.int().min(0).max(7 * 24 * 3600 * 1000),
        /** 1-based channel when one microphone is soloed; null for the mix. */
        channel: z.int().min(1).max(64).nullable(),
      })
      .strict(),
    ReviewAuditRowSchema,
    'Writes a playback start to the audit log; the player starts only once this resolves.',
  ),
  'review.audit': call(z.object({ hearingId: Id }).strict(), z.array(ReviewAuditRowSchema), "The hearing's review audit log, oldest first."),
};

export const reviewEvents = {};
