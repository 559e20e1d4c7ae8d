import type { SyncState } from '../../common/contract/sync';
import { HattamaError } from '../../common/errors';
import type { StationKey } from '../keys/station-key';
import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import { translator } from '../i18n/translator';
import { backlog } from './backlog';
import { createSyncWorker, type ScheduleDocument } from './create-worker';
import { credentialsFor, enrollStation, normaliseUrl, readCredentials } from './enrollment';
import { remarkById, remarksFor } from './feeds';
import { centralHearingNames } from './hearing-names';
import type { RecordingBeat } from './heartbeat';
import { enqueue } from './outbox';
import { readKv } from './sync-kv';
import { readCa } from './tls-trust';
import type { SyncWorker, WorkerTuning } from './worker';

// The sync domain of the core: runs the worker while settings.centralUrl is set and the
// station is enrolled there, answers the sync.* calls from the local database only (never
// from the network), and publishes sync.state.

type SyncCalls = 'sync.state' | 'sync.enroll' | 'sync.now' | 'sync.runOnce' | 'sync.remarks' | 'sync.decideRemark' | 'sync.directory' | 'sync.schedule';

export interface SyncModuleOptions {
  /** The application's version, reported in every heartbeat. */
  version: string;
  /** The station's signing key: enrollment proves it to central. */
  stationKey: () => StationKey;
  /** The protocol store's schedule import. */
  importSchedule?: (doc: ScheduleDocument) => void;
  /** Worker tuning, for tests. */
  worker?: Partial<WorkerTuning>;
}

export function syncModule(deps: CoreDeps, opts: SyncModuleOptions): CoreModule<SyncCalls> & { worker(): SyncWorker | null } {
  let worker: SyncWorker | null = null;
  let starting: Promise<void> = Promise.resolve();
  const recording = { state: 'idle', hearingId: null as string | null };
  const alarms = new Map<string, string>();

  // Recording state and alarms for the heartbeat, observed on the event bus.
  const offState = deps.events.on('recording.state', (p) => {
    recording.state = p.state;
    recording.hearingId = p.hearingId;
  });
  const offAlarm = deps.events.on('recording.alarm', (p) => {
    const key = `${p.kind}:${p.channel ?? ''}`;
    if (p.active) alarms.set(key, `${p.kind}${p.channel ? ` ch${p.channel}${p.role ? ` (${p.role})` : ''}` : ''}`);
    else alarms.delete(key);
  });
  const recordingState = (): RecordingBeat => ({
    recording: recording.state === 'recording' || recording.state === 'paused',
    hearingId: recording.hearingId,
    alarms: [...alarms.values()],
  });
  const centralHearingId = centralHearingNames(deps.db);

  const t = (code: string, params: Record<string, string | number>) => {
    const dot = code.indexOf('.');
    return translator(deps.settings.get().language)(`${code.slice(0, dot)}:errors.${code.slice(dot + 1)}`, params);
  };

  const idleState = (): SyncState => {
    const s = deps.settings.get();
    const creds = readCredentials(deps.dataDir);
    const enrolled = !!(s.centralUrl && credentialsFor(deps.dataDir, s.centralUrl));
    const last = readKv(deps.db, 'lastSuccessAt');
    return {
      enrolled,
      centralUrl: s.centralUrl,
      stationId: creds?.stationId ?? s.stationId,
      running: false,
      online: false,
      ...backlog(deps.db),
      lastSuccessAt: last,
      lastAttemptAt: null,
      lastError: null,
      nextAttemptAt: null,
      uploading: null,
    };
  };
  const state = (): SyncState => (worker ? worker.state() : idleState());

  /** Starts, restarts or stops the worker to match settings and enrollment. */
  const reconcile = () => {
    starting = starting.then(async () => {
      const s = deps.settings.get();
      const creds = s.centralUrl ? credentialsFor(deps.dataDir, s.centralUrl) : null;
      if (worker && (!creds || worker.client.baseUrl !== creds.centralUrl)) {
        await worker.stop();
        worker = null;
      }
      if (!worker && creds) {
        worker = createSyncWorker({
          db: deps.db,
          dataDir: deps.dataDir,
          settings: deps.settings,
          creds,
          version: opts.version,
          recordingState,
          importSchedule: opts.importSchedule,
          log: deps.log,
          translate: t,
          onState: (st) => deps.events.emit('sync.state', st),
          onFeeds: (f) => deps.events.emit('sync.feeds', f),
          tuning: opts.worker,
        });
        worker.start();
        deps.log.info({ central: creds.centralUrl }, 'sync worker started');
      }
      deps.events.emit('sync.state', state());
    });
    return starting;
  };

  const offSettings = deps.settings.onChange(() => void reconcile());
  void reconcile();

  return {
    worker: () => worker,
    handlers: {
      'sync.state': () => state(),
      'sync.enroll': async ({ centralUrl, code, caFile }) => {
        const s = deps.settings.get();
        const ca = readCa(caFile ?? s.central.caFile);
        const creds = await enrollStation({ dataDir: deps.dataDir, key: opts.stationKey(), centralUrl, code, stationId: s.stationId, court: s.court, courtroom: s.courtroom, ca });
        const patch: { centralUrl: string; court?: string; courtroom?: string; central?: { caFile: string } } = { centralUrl: normaliseUrl(centralUrl) };
        // The CA that made this enrollment work is the one every later request trusts.
        if (caFile) patch.central = { caFile };
        // Central's assignment of the room wins (it was given with the code).
        if (creds.court) patch.court = creds.court;
        if (creds.courtroom) patch.courtroom = creds.courtroom;
        deps.settings.update(patch);
        await reconcile();
        deps.log.info({ central: creds.centralUrl, stationId: creds.stationId }, 'station enrolled');
        return { stationId: creds.stationId, centralUrl: creds.centralUrl, court: creds.court, courtroom: creds.courtroom };
      },
      'sync.now': () => {
        worker?.kick();
        return state();
      },
      'sync.runOnce': async () => {
        await starting;
        if (!worker) throw new HattamaError(deps.settings.get().centralUrl ? 'sync.notEnrolled' : 'sync.noCentralUrl');
        await worker.runOnce();
        return state();
      },
      'sync.remarks': ({ hearingId }) => {
        // Accept the protocol's local id too: look up the names central knows it by.
        const ids = new Set([hearingId]);
        const mapped = centralHearingId(hearingId);
        if (mapped) ids.add(mapped);
        return remarksFor(deps.db, [...ids]);
      },
      'sync.decideRemark': ({ remarkId, decision, reason }) => {
        if (decision === 'rejected' && !reason.trim()) throw new HattamaError('sync.reasonRequired');
        const decidedAt = new Date().toISOString();
        const out = deps.db.transaction(() => {
          const r = remarkById(deps.db, remarkId);
          if (!r) throw new HattamaError('sync.remarkNotFound', { remarkId });
          deps.db.prepare('UPDATE sync_remarks SET status = ?, reason = ?, decided_at = ?, local_decision = 1 WHERE remark_id = ?').run(decision, reason, decidedAt, remarkId);
          // Same transaction: the decision and its announcement to central commit together.
          enqueue(deps.db, 'remark.decision', r.hearingId, { remarkId, decision, reason, decidedAt });
          return remarkById(deps.db, remarkId)!;
        })();
        worker?.kick();
        return out;
      },
      'sync.directory': () =>
        deps.db
          .prepare<[], { user_id: string; name: string; role: string; court: string; active: number; version: number }>('SELECT * FROM sync_directory ORDER BY name')
          .all()
          .map((u) => ({ userId: u.user_id, name: u.name, role: u.role, court: u.court, active: u.active === 1, version: u.version })),
      'sync.schedule': () =>
        deps.db
          .prepare<[], { hearing_id: string; court: string; courtroom: string; case_number: string; title: string; judge: string; starts_at: string; cancelled: number; version: number }>(
            'SELECT * FROM sync_schedule ORDER BY starts_at',
          )
          .all()
          .map((e) => ({ hearingId: e.hearing_id, court: e.court, courtroom: e.courtroom, caseNumber: e.case_number, title: e.title, judge: e.judge, startsAt: e.starts_at, cancelled: e.cancelled === 1, version: e.version })),
    },
    async close() {
      offSettings();
      offState();
      offAlarm();
      await starting;
      await worker?.stop();
      worker = null;
    },
  };
}
