import { z } from 'zod';

// Live observation between a station and central. A supervisor asks central to observe a room;
// the station learns it by a long poll (GET /v1/observations), decides by the court's rules whether
// the hearing may be observed, and while it may, sends the microphones' mix as Ogg Opus pages
// and one camera's frame every 2 s. Every answer to the station says whether anyone still
// observes: when no one does, the station stops. Nothing here touches the recording.

/** Longest a station's poll waits for an observation to be asked (s). */
export const OBSERVATION_WAIT_MAX_S = 30;
/** Largest audio chunk (Ogg pages) a station sends in one request. */
export const OBSERVATION_AUDIO_MAX_BYTES = 256 * 1024;
/** Largest camera frame (JPEG). */
export const OBSERVATION_FRAME_MAX_BYTES = 512 * 1024;
/** How often the station sends a camera frame while observed (ms). */
export const OBSERVATION_FRAME_EVERY_MS = 2_000;

export const ObserverSchema = z.object({ login: z.string(), name: z.string(), role: z.string() });
export type Observer = z.infer<typeof ObserverSchema>;

export const ObservationSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  by: ObserverSchema,
  since: z.string(),
});
export type Observation = z.infer<typeof ObservationSchema>;

/** wait: seconds to wait for a change; known: the observations the station already serves (comma-separated ids). */
export const ObservationPollQuerySchema = z
  .object({
    wait: z.coerce.number().int().min(0).max(OBSERVATION_WAIT_MAX_S).default(0),
    known: z.string().max(2000).regex(/^[A-Za-z0-9_,-]*$/).default(''),
  })
  .strict();
/** Every open observation of the station; answered when it differs from `known`, or when the wait is over. */
export const ObservationPollResponseSchema = z.object({ observations: z.array(ObservationSchema).max(50) });

/**
 * Why a station does not stream (refused), or stopped (ended):
 * - closedSession: the hearing is held in closed session;
 * - sealed: a judge's seal in force covers the present moment of the recording;
 * - notInHearing: no hearing is being recorded;
 * - stopped: the recording of the hearing ended, or the station shut down.
 */
export const OBSERVATION_REASONS = ['closedSession', 'sealed', 'notInHearing', 'stopped'] as const;
export const ObservationReasonSchema = z.enum(OBSERVATION_REASONS);
export type ObservationReason = z.infer<typeof ObservationReasonSchema>;

export const ObservationStatusSchema = z
  .object({
    state: z.enum(['streaming', 'refused', 'ended']),
    reason: ObservationReasonSchema.nullable(),
    /** The station's hearing (its central name) when it streams. */
    hearingId: z.string().max(200).nullable(),
  })
  .strict();
export type ObservationStatus = z.infer<typeof ObservationStatusSchema>;

/** seq 0 is the stream's head (the OpusHead and OpusTags pages); 1, 2, ... follow in order. */
export const ObservationAudioQuerySchema = z.object({ seq: z.coerce.number().int().min(0).max(2 ** 31) }).strict();

/** Every answer to a streaming station: false once no one observes (the station stops). */
export const ObservationAnswerSchema = z.object({ continue: z.boolean() });
