import { z } from 'zod';
import { call, event } from './define';
import { AlarmSchema } from './recording';

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

export const appCalls = {
  'app.status': call(z.object({}).strict(), StatusSchema, 'Station status for the status bar: free space, hours left, clock.'),
  'app.alarms': call(z.object({}).strict(), z.array(AlarmSchema), 'Alarms raised and not yet cleared (a page that reloads, or `hattama status`, sees them too).'),
  'app.ping': call(z.object({ n: z.int().min(0) }).strict(), z.object({ n: z.int() }), 'Echo, for connection checks and the bridge benchmark.'),
};

export const appEvents = {
  'app.status': event(StatusSchema, 'Pushed every few seconds and when settings change.'),
};
