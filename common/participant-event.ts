import { z } from 'zod';
import { AttendanceSchema, ParticipantRoleSchema, RemoteViaSchema } from './protocol/kinds';
import { MAX_APP_NAME } from './protocol/text';

// One kind of the station's typed events (common/sync-events.ts), in its own file for its size.
const Time = z.iso.datetime({ offset: true });
/** The station's own row id (SQLite INTEGER PRIMARY KEY). */
const LocalId = z.int().min(1);
const Uid = z.string().min(1).max(100);
const Text = z.string().max(100_000);
const App = z.string().min(1).max(MAX_APP_NAME);

// ---- protocol.participant: the roster ------------------------------------------------------

export const ParticipantAddedSchema = z
  .object({
    op: z.literal('add'),
    id: LocalId,
    hearingUid: Uid,
    hearing_id: LocalId,
    name: Text,
    role: ParticipantRoleSchema,
    attendance: AttendanceSchema,
    /** A remote line's way of participation (from station schema step 10; absent from older stations). */
    remote_via: RemoteViaSchema.optional(),
    remote_app: App.nullable().optional(),
    note: Text,
    position: z.int().min(0),
    created_at: Time,
    updated_at: Time,
  })
  .strict();

export const ParticipantUpdatedSchema = z
  .object({
    op: z.literal('update'),
    id: LocalId,
    hearingUid: Uid,
    updated_at: Time,
    name: Text.optional(),
    role: ParticipantRoleSchema.optional(),
    attendance: AttendanceSchema.optional(),
    /** Set with the attendance: null when the line is no longer remote. */
    remote_via: RemoteViaSchema.nullable().optional(),
    remote_app: App.nullable().optional(),
    note: Text.optional(),
    /** Withdrawn (a line entered by mistake): kept, final. */
    withdrawn_at: Time.optional(),
    withdraw_reason: Text.optional(),
  })
  .strict();

export const ParticipantEventSchema = z.discriminatedUnion('op', [ParticipantAddedSchema, ParticipantUpdatedSchema]);
