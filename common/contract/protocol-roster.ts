import { z } from 'zod';
import { refineWayOfParticipation } from '../protocol/attendance';
import { AttendanceSchema, ParticipantRoleSchema, RemoteViaSchema } from '../protocol/kinds';
import { ReasonSchema, RemoteAppSchema } from '../protocol/text';
import { call } from './define';
import { ParticipantSchema } from './protocol';

// The roster's attendance and corrections: marking who came (and how a remote participant takes
// part), a line's history of changes (from the audit rows that every change writes), and
// withdrawing a line entered by mistake, with a reason, for good.

const Id = z.int().positive();

/** One change of a roster line: what it was and what it became (the fields that changed). */
export const ParticipantChangeSchema = z.object({
  at: z.string(),
  actor: z.string(),
  /** participant.add, participant.update, participant.attendance, participant.withdraw */
  action: z.string(),
  before: z.object({ name: z.string(), role: ParticipantRoleSchema, attendance: z.string(), via: z.string().nullable(), app: z.string().nullable(), note: z.string() }).partial(),
  after: z.object({ name: z.string(), role: ParticipantRoleSchema, attendance: z.string(), via: z.string().nullable(), app: z.string().nullable(), note: z.string(), reason: z.string() }).partial(),
});
export type ParticipantChange = z.infer<typeof ParticipantChangeSchema>;

export const protocolRosterCalls = {
  'protocol.setAttendance': call(
    z
      .object({
        participantId: Id,
        attendance: AttendanceSchema,
        /** Remote only: the way of participation (videoconference when not given) and its program ("TrueConf"), printed in the protocol. */
        via: RemoteViaSchema.optional(),
        app: RemoteAppSchema.optional(),
      })
      .strict()
      .superRefine(refineWayOfParticipation),
    ParticipantSchema,
    'Mark a participant present, absent or remote; a remote one takes part by video-conference, with its program when stated (refused with any other attendance).',
  ),
  'protocol.participantHistory': call(
    z.object({ participantId: Id }).strict(),
    z.array(ParticipantChangeSchema),
    "A roster line's changes, oldest first: added, corrected (name, role, note), attendance, withdrawn.",
  ),
  'protocol.withdrawParticipant': call(
    z.object({ participantId: Id, reason: ReasonSchema.pipe(z.string().min(1)) }).strict(),
    ParticipantSchema,
    'Withdraw a roster line entered by mistake, with a reason: kept and struck through, no longer a speaker, left out of the protocol; final. Refused once signed.',
  ),
};
