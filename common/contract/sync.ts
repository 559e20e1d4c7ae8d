import { z } from 'zod';
import { DirectoryUserSchema, RemarkSchema, ScheduleEntrySchema } from '../sync-api';
import { call, event } from './define';

// Sync with the central system, as the Technician workspace and the secretary see it.

export const SyncStateSchema = z.object({
  /** The station holds a token from this central. */
  enrolled: z.boolean(),
  centralUrl: z.string(),
  stationId: z.string(),
  /** The worker is running (enrolled and settings.centralUrl set). */
  running: z.boolean(),
  /** The last exchange with central succeeded. */
  online: z.boolean(),
  /** Outbox rows (protocol changes, segment announcements, decisions) not yet held by central. */
  queueLength: z.int().min(0),
  /** Segments whose upload central has not confirmed yet. */
  segmentsPending: z.int().min(0),
  /** Bytes of those segments. */
  bytesPending: z.number().min(0),
  lastSuccessAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** Code (sync:errors.<key>) and translated message of the last failure, cleared by a success. */
  lastError: z.object({ code: z.string(), message: z.string(), detail: z.string(), at: z.string() }).nullable(),
  /** When the worker tries again after a failure (backoff), null when not waiting on one. */
  nextAttemptAt: z.string().nullable(),
  /** The upload in progress. */
  uploading: z.object({ seq: z.int(), file: z.string(), bytesSent: z.number(), bytesTotal: z.number() }).nullable(),
});
export type SyncState = z.infer<typeof SyncStateSchema>;

const HearingRef = z.string().trim().min(1).max(200);

export const syncCalls = {
  'sync.state': call(z.object({}).strict(), SyncStateSchema, 'Queue length, bytes pending, last success, last error.'),
  'sync.enroll': call(
    z.object({ centralUrl: z.url({ protocol: /^https?$/ }), code: z.string().trim().min(4).max(64), caFile: z.string().min(1).max(1000).optional() }).strict(),
    z.object({ stationId: z.string(), centralUrl: z.string(), court: z.string(), courtroom: z.string() }),
    'Enroll this station with central using a one-time code; saves settings.centralUrl (and central.caFile when a court CA is given) and starts syncing.',
  ),
  'sync.now': call(z.object({}).strict(), SyncStateSchema, 'Ask the worker to sync now (returns at once; progress arrives as sync.state events).'),
  'sync.runOnce': call(z.object({}).strict(), SyncStateSchema, 'One full pass (outbox, segments, heartbeat, feeds, cleanup), resolved when it is done; fails with its reason.'),
  'sync.remarks': call(
    z.object({ hearingId: HearingRef }).strict(),
    z.array(RemarkSchema.extend({ syncedDecision: z.boolean() })),
    "Remarks participants filed on a hearing's protocol (central's hearing id: the schedule's hearingId / protocol externalId or uid), cached for offline use.",
  ),
  'sync.decideRemark': call(
    z
      .object({ remarkId: z.string().min(1).max(200), decision: z.enum(['accepted', 'rejected']), reason: z.string().trim().max(2000).default('') })
      .strict()
      .refine((v) => v.decision === 'accepted' || v.reason.length > 0, { path: ['reason'], message: 'sync:errors.reasonRequired' }),
    RemarkSchema.extend({ syncedDecision: z.boolean() }),
    'Accept or reject a remark with a reason; the decision is sent to central.',
  ),
  'sync.directory': call(z.object({}).strict(), z.array(DirectoryUserSchema), 'User directory (names, roles) cached from central.'),
  'sync.schedule': call(z.object({}).strict(), z.array(ScheduleEntrySchema), "This courtroom's hearing schedule as last received from central (cached)."),
};

export const syncEvents = {
  'sync.state': event(SyncStateSchema, 'After every sync step and every change of queue or connectivity.'),
  'sync.feeds': event(
    z.object({ schedule: z.int(), directory: z.int(), remarks: z.int(), hearingIds: z.array(z.string()) }),
    'New data from central: counts of changed schedule entries, users and remarks, and the hearings whose remarks changed.',
  ),
};
