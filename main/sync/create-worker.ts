import type { SyncState } from '../../common/contract/sync';
import { bytesPerHour } from '../../common/settings';
import type { FeedResponse } from '../../common/sync-api';
import type { Db } from '../db/database';
import { freeHours } from '../fs/free-space';
import type { SettingsStore } from '../settings/settings-store';
import type { Credentials } from './enrollment';
import type { FeedChanges } from './feeds';
import { centralHearingNames } from './hearing-names';
import { readCa } from './tls-trust';
import type { RecordingBeat } from './heartbeat';
import { SyncWorker, type WorkerLog, type WorkerTuning } from './worker';
import { corruptSegmentAlarms } from './segment-uploader';

// The one way to build a sync worker, for the core's sync module and for `hattama sync`
// alike, so both send the same heartbeat and import the schedule the same way. What only the
// caller can know comes in as functions: what is recording, and the protocol's import.

export interface SyncWorkerSetup {
  db: Db;
  dataDir: string;
  settings: Pick<SettingsStore, 'get'>;
  creds: Credentials;
  version: string;
  /** What is recording now; hearingId as the protocol names it (its local id) or as central does. */
  recordingState: () => RecordingBeat;
  /** The protocol store's schedule import: takes a schedule document (docs/protocol.md). */
  importSchedule?: (doc: ScheduleDocument) => void;
  log?: WorkerLog;
  translate?: (code: string, params: Record<string, string | number>) => string;
  onState?: (s: SyncState) => void;
  onFeeds?: (f: FeedChanges) => void;
  tuning?: Partial<WorkerTuning>;
}

export interface ScheduleDocument {
  version: 1;
  hearings: Array<{ externalId: string; caseNumber: string; court: string; courtroom: string; judge: string; scheduledStart: string }>;
}

/** Central's schedule entries as the protocol store's schedule document (cancelled ones are left out). */
export function scheduleDocument(entries: FeedResponse['schedule']): ScheduleDocument {
  return {
    version: 1,
    hearings: entries
      .filter((e) => !e.cancelled)
      .map((e) => ({ externalId: e.hearingId, caseNumber: e.caseNumber || e.hearingId, court: e.court, courtroom: e.courtroom, judge: e.judge, scheduledStart: e.startsAt })),
  };
}

export function createSyncWorker(s: SyncWorkerSetup): SyncWorker {
  const names = centralHearingNames(s.db);
  const importSchedule = s.importSchedule;
  // The court's private CA, when it runs one: every request of the worker trusts it (tus included).
  const ca = s.creds.ca ?? readCa(s.settings.get().central.caFile);
  return new SyncWorker({
    db: s.db,
    dataDir: s.dataDir,
    creds: { ...s.creds, ca },
    version: s.version,
    log: s.log,
    translate: s.translate,
    onState: s.onState,
    onFeeds: s.onFeeds,
    retentionDays: () => s.settings.get().retentionDays,
    heartbeatSource: () => {
      const r = s.recordingState();
      // A segment set aside as corrupt or missing is flagged on the Situation Center.
      return { recording: r.recording, hearingId: names(r.hearingId), alarms: [...r.alarms, ...corruptSegmentAlarms(s.db)], diskHoursLeft: freeHours(s.dataDir, bytesPerHour(s.settings.get().audio)) };
    },
    importSchedule: importSchedule
      ? (entries) => {
          // One hearing at a time: one entry the protocol store refuses must not hold back the rest.
          for (const e of entries) {
            const doc = scheduleDocument([e]);
            if (doc.hearings.length === 0) continue;
            try {
              importSchedule(doc);
            } catch (err) {
              s.log?.warn({ err, hearingId: e.hearingId }, 'schedule entry from central not imported');
            }
          }
        }
      : undefined,
    ...s.tuning,
  });
}
