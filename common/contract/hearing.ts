import { z } from 'zod';
import { EntryKindSchema } from '../protocol/kinds';
import { ReasonSchema } from '../protocol/text';
import { call } from './define';
import { EntrySchema, HearingSchema } from './protocol';
import { RecordingStateSchema } from './recording';

/** Why the hearing takes no events now: the refusal's code and parameters, as the core would answer. */
export const RefusalSchema = z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });

export const AllowedSchema = z.object({
  /** The event kinds the hearing takes now (a note included when it does). */
  kinds: z.array(EntryKindSchema),
  /** Entries are addenda now (closed or signed). */
  addendum: z.boolean(),
  /** The roster and the header may still change (not once signed). */
  roster: z.boolean(),
  /** Why events are refused, when the hearing is closed, signed or cancelled; null otherwise. */
  refusal: RefusalSchema.nullable(),
});
export type Allowed = z.infer<typeof AllowedSchema>;

export const PrivacyMuteResultSchema = z.object({
  /** The protocol entry of the mute or the unmute (its author is the person signed in). */
  entry: EntrySchema,
  /** The recorder after it: `muted` lists the microphones under a mute, `timeline` has the mark. */
  recording: RecordingStateSchema,
});
export type PrivacyMuteResult = z.infer<typeof PrivacyMuteResultSchema>;

export const hearingCalls = {
  'hearing.privacyMute': call(
    // Any channel number is taken here: the core refuses one the recording does not have, in words.
    z.object({ hearingId: z.int().positive(), channel: z.int().min(1).max(1000), on: z.boolean() }).strict(),
    PrivacyMuteResultSchema,
    "Mute one microphone for a private conversation (on) or switch it back on (off): while muted its channel is recorded as digital silence, every other channel goes on; the mute and the unmute are marks in the session's evidence and entries in the protocol. Only while the hearing is open and recording; lifted by itself after settings.privacyMuteMinutes (with an alarm), at a recess, the deliberation and the closing.",
  ),
  'hearing.allowed': call(
    z.object({ hearingId: z.int().positive() }).strict(),
    AllowedSchema,
    "What the hearing takes now by its rules (the core's table): the event kinds that may be logged, whether entries are addenda, whether its roster may change, and why events are refused.",
  ),
  'protocol.cancelHearing': call(
    z.object({ hearingId: z.int().positive(), reason: ReasonSchema.pipe(z.string().min(1)) }).strict(),
    HearingSchema,
    'Cancel a hearing created or opened by mistake, with a reason: kept, never deleted, final. Stops its recording (kept as evidence); refused from its first signature on.',
  ),
};
