import { z } from 'zod';

// One kind of the station's typed events (common/sync-events.ts), in its own file for its size.
const Time = z.iso.datetime({ offset: true });
const Id = z.string().min(1).max(200);

// ---- recording.mute: a microphone muted for a private conversation, or switched back on --------
// The session's mute/unmute mark as the Situation Center learns it (docs/recording.md "Privacy
// mute"): which hearing, which channel and its role, from which sample, who, and why it was lifted.

export const PrivacyMuteEventSchema = z
  .object({
    hearingUid: z.string().min(1).max(100),
    hearing_id: z.int().min(1),
    sessionId: Id,
    act: z.enum(['mute', 'unmute']),
    channel: z.int().min(1).max(64),
    role: z.string().max(60),
    at: Time,
    /** The first silent sample of the audio track (mute), or the first recorded again (unmute). */
    frame: z.int().min(0),
    position_ms: z.int().min(0),
    /** Who did it; null when the station lifted it by itself. */
    by: z.string().max(100_000).nullable(),
    /** Why an unmute happened; null for a mute. */
    reason: z.enum(['manual', 'auto', 'recess', 'deliberation', 'closed', 'cancelled']).nullable(),
  })
  .strict();
export type PrivacyMuteEvent = z.infer<typeof PrivacyMuteEventSchema>;
