import { z } from 'zod';
import { call, event } from './define';
import { AlarmKindSchema, AlarmSchema } from './recording';

export const StatusSchema = z.object({
  stationId: z.string(),
  dataDir: z.string(),
  freeBytes: z.number().nonnegative(),
  /** Hours of recording that fit in the free space at the configured channels and rate. */
  freeHours: z.number().nonnegative(),
  channels: z.int(),
  /** Core's wall clock (ms since epoch), so the UI can show drift against its own. */
  now: z.number(),
  version: z.string(),
  /** Settings-file problems found at start (the bad file is kept aside). */
  settingsProblems: z.array(z.object({ reason: z.string(), keptAs: z.string() })),
});
export type Status = z.infer<typeof StatusSchema>;

/** An alarm on the board: each condition once, how often it was raised, and who has acknowledged it. */
export const BoardAlarmSchema = AlarmSchema.extend({
  key: z.string(),
  count: z.int().min(1),
  firstAt: z.number(),
  acknowledgedBy: z.array(z.object({ personId: z.int(), name: z.string(), at: z.number() })),
});
export type BoardAlarm = z.infer<typeof BoardAlarmSchema>;

/** Which alarm: its kind and where (channel, camera track, hearing), as the alarm itself says. */
export const AlarmRefSchema = z
  .object({ kind: AlarmKindSchema, channel: z.int().min(1).nullable().optional(), track: z.string().max(40).optional(), hearingId: z.int().optional() })
  .strict();
export type AlarmRef = z.infer<typeof AlarmRefSchema>;

export const appCalls = {
  'app.status': call(z.object({}).strict(), StatusSchema, 'Station status for the status bar: free space, hours left, clock.'),
  'app.alarms': call(z.object({}).strict(), z.array(BoardAlarmSchema), 'Alarms raised and not yet cleared (a page that reloads, or `hattama status`, sees them too), each condition once with its count and who acknowledged it.'),
  'app.acknowledgeAlarm': call(AlarmRefSchema, BoardAlarmSchema, 'The signed-in person has seen an alarm: it is no longer shown to them (others still see it). Audited.'),
  'app.ping': call(z.object({ n: z.int().min(0) }).strict(), z.object({ n: z.int() }), 'Echo, for connection checks and the bridge benchmark.'),
};

export const appEvents = {
  'app.status': event(StatusSchema, 'Pushed every few seconds and when settings change.'),
  'app.alarms': event(z.array(BoardAlarmSchema), 'The alarm board, whenever an alarm is raised, raised again, cleared or acknowledged.'),
};
