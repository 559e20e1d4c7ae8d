import { z } from 'zod';
import { refineWayOfParticipation } from './attendance';
import { AttendanceSchema, HearingCategorySchema, ParticipantRoleSchema } from './kinds';
import { CaseNumberSchema, InstantSchema, NameSchema, OptionalLabelSchema, RemoteAppSchema } from './text';

// The schedule file (`hattama schedule import FILE.json`, and central's schedule feed): the
// hearings a courtroom expects, with their participants. Documented in docs/protocol.md;
// an example is resources/schedule-example.json.

export const ScheduleParticipantSchema = z
  .object({
    name: NameSchema,
    role: ParticipantRoleSchema,
    /** Usually unknown until the secretary checks attendance; a remote participant may be known. */
    attendance: AttendanceSchema.default('unknown'),
    /** A remote participant's video-conference program, when the court's system knows it ("TrueConf"). */
    app: RemoteAppSchema.optional(),
    note: OptionalLabelSchema.default(''),
  })
  .strict()
  .superRefine(refineWayOfParticipation);

export const ScheduleHearingSchema = z
  .object({
    /**
     * The hearing's id in the court's case system. Importing the same id again updates the
     * hearing while it has not started, instead of creating a second one.
     */
    externalId: z.string().trim().min(1).max(200).optional(),
    caseNumber: CaseNumberSchema,
    category: HearingCategorySchema.default('other'),
    court: OptionalLabelSchema.default(''),
    /** The court's name in each protocol language: the Russian protocol prints the Russian name. */
    courtNames: z.object({ kk: OptionalLabelSchema, ru: OptionalLabelSchema }).partial().strict().optional(),
    courtroom: OptionalLabelSchema.default(''),
    judge: OptionalLabelSchema.default(''),
    secretary: OptionalLabelSchema.default(''),
    scheduledStart: InstantSchema,
    scheduledEnd: InstantSchema.optional(),
    participants: z.array(ScheduleParticipantSchema).max(200).default([]),
  })
  .strict()
  .refine((h) => !h.scheduledEnd || Date.parse(h.scheduledEnd) >= Date.parse(h.scheduledStart), {
    path: ['scheduledEnd'],
    message: 'protocol:errors.endBeforeStart',
  });
export type ScheduleHearing = z.infer<typeof ScheduleHearingSchema>;

export const ScheduleFileSchema = z
  .object({
    version: z.literal(1),
    hearings: z.array(ScheduleHearingSchema).max(10_000),
  })
  .strict();
export type ScheduleFile = z.infer<typeof ScheduleFileSchema>;
export type ScheduleFileInput = z.input<typeof ScheduleFileSchema>;
