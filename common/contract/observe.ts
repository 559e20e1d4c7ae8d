import { z } from 'zod';
import { OBSERVATION_FRAME_MAX_BYTES } from '../observe-api';
import { call, event } from './define';

// Live observation from the Situation Center, as the station's screens see it: who observes the
// hearing now (the secretary's console says so), and the camera frame the renderer hands the
// core every 2 s while someone observes (the renderer owns the cameras). The core decides,
// by the court's rules, whether the hearing may be observed at all.

export const ObserverViewSchema = z.object({ id: z.string(), name: z.string(), role: z.string(), since: z.string() });

export const ObserveStateSchema = z.object({
  /** Supervisors receiving the hearing's sound and camera now. */
  observers: z.array(ObserverViewSchema),
  /** The station streams (false: no one observes, or the rules refuse it). */
  streaming: z.boolean(),
  /** The last refusal: why someone who asked could not observe (closedSession, sealed, notInHearing). */
  refused: z.object({ name: z.string(), reason: z.string(), at: z.string() }).nullable(),
});
export type ObserveState = z.infer<typeof ObserveStateSchema>;

/** Base64 characters of one frame: above the decoded limit, so the core can say "too large" clearly. */
const MAX_FRAME_BASE64 = Math.ceil((OBSERVATION_FRAME_MAX_BYTES * 4) / 3) + 1024;

export const observeCalls = {
  'observe.state': call(z.object({}).strict(), ObserveStateSchema, 'Who observes the hearing from the Situation Center now, and whether the station streams.'),
  'observe.frame': call(
    z.object({ jpeg: z.string().max(MAX_FRAME_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/) }).strict(),
    z.object({ sent: z.boolean() }),
    "One camera frame (JPEG, base64) for the observers; dropped when no one observes.",
  ),
};

export const observeEvents = {
  'observe.state': event(ObserveStateSchema, 'When an observation starts, is refused or ends.'),
};
