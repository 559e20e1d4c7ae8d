import fs from 'node:fs';
import type { SyncState } from '../../common/contract/sync';
import { HattamaError } from '../../common/errors';
import { bytesPerHour } from '../../common/settings';
import { RemarkDecisionSchema, type FeedResponse } from '../../common/sync-api';
import { VERSION } from '../core/app-module';
import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import { translator } from '../i18n/translator';
import { credentialsFor, enrollStation, normaliseUrl, readCredentials } from './enrollment';
import { remarkById, remarksFor } from './feeds';
import { enqueue } from './outbox';
import { SyncWorker, type HeartbeatSource, type WorkerOptions } from './worker';

// The sync domain of the core: runs the worker while settings.centralUrl is set and the
// station is enrolled there, answers the sync.* calls from the local database only (never
// from the network), and publishes sync.state.

type SyncCalls = 'sync.state' | 'sync.enroll' | 'sync.now' | 'sync.remarks' | 'sync.decideRemark' | 'sync.directory' | 'sync.schedule';

export interface SyncModuleOptions {
  /** The protocol store's schedule import (a schedule document: { version: 1, hearings }). */
  importSchedule?: (doc: unknown) => void;
  /** Worker tuning, for tests. */
  worker?: Partial<WorkerOptions>;
}

/** Central's schedule entries as the protocol store's schedule document (docs/protocol.md). */
export function scheduleDocument(entries: FeedResponse['schedule']): { version: 1; hearings: unknown[] } {
  return {
    version: 1,
    hearings: entries
      .filter((e) => !e.cancelled)
      .map((e) => ({ externalId: e.hearingId, caseNumber: e.caseNumber || e.hearingId, court: e.court, courtroom: e.courtroom, judge: e.judge, scheduledStart: e.startsAt })),
  };
}

export function syncModule(deps: CoreDeps, opts: SyncModuleOptions = {}): CoreModule<SyncCalls> & { worker(): SyncWorker | null } {
  let worker: SyncWorker | null = null;
  let starting: Promise<void> = Promise.resolve();
  const recording = { state: 'idle', hearingId: null as string | null };
  const alarms = new Map<string, string>();

  // Recording state and alarms for the heartbeat, observed on the event bus (loosely: the
  // recording domain owns those payloads).
  const offEvents = deps.events.onAny((eventName, payload) => {
    const name: string = eventName;
    const p = payload as Record<string, unknown> | null;
    if (!p || typeof p !== 'object') return;
    if (name === 'recording.state') {
      recording.state = String(p.state ?? 'idle');
      recording.hearingId = typeof p.hearingId === 'string' ? p.hearingId : null;
    } else if (name === 'recording.alarm') {
      const key = `${String(p.kind)}:${String(p.channel ?? '')}`;
      if (p.active) alarms.set(key, `${String(p.kind)}${p.channel ? ` ch${String(p.channel)}${p.role ? ` (${String(p.role)})` : ''}` : ''}`);
      else alarms.delete(key);
    }
  });

  /** A local hearing id (protocol's integer) as central names it: schedule id or uid. */
  const centralHearingId = (id: string | null): string | null => {
    if (!id || !/^\d+$/.test(id)) return id;
    try {
      const r = deps.db.prepare<[number], { external_id: string | null; uid: string }>('SELECT external_id, uid FROM hearings WHERE id = ?').get(Number(id));
      return r ? (r.external_id ?? r.uid) : id;
    } catch {
      return id;
    }
  };

  const heartbeatSource = (): HeartbeatSource => {
    const s = deps.settings.get();
    let diskHoursLeft: number | null = null;
    try {
      const st = fs.statfsSync(deps.dataDir);
      diskHoursLeft = (st.bavail * st.bsize) / bytesPerHour(s.audio);
    } catch {
      // unknown
    }
    const rec = recording.state === 'recording' || recording.state === 'paused';
    return { recording: rec, hearingId: centralHearingId(recording.hearingId), alarms: [...alarms.values()], diskHoursLeft };
  };

  const importSchedule = (entries: FeedResponse['schedule']) => {
    if (!opts.importSchedule) return;
    // One hearing at a time: one entry the protocol store refuses must not hold back the rest.
    for (const e of entries) {
      const doc = scheduleDocument([e]);
      if (doc.hearings.length === 0) continue;
      try {
        opts.importSchedule(doc);
      } catch (err) {
        deps.log.warn({ err, hearingId: e.hearingId }, 'schedule entry from central not imported');
      }
    }
  };

  const t = (code: string, params: Record<string, string | number>) => {
    const dot = code.indexOf('.');
    return translator(deps.settings.get().language)(`${code.slice(0, dot)}:errors.${code.slice(dot + 1)}`, params);
  };

  const idleState = (): SyncState => {
    const s = deps.settings.get();
    const creds = readCredentials(deps.dataDir);
    const enrolled = !!(s.centralUrl && credentialsFor(deps.dataDir, s.centralUrl));
    const q = deps.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL').get()!.n;
    const seg = deps.db.prepare<[], { n: number; b: number | null }>('SELECT count(*) AS n, sum(bytes) AS b FROM sync_segments WHERE confirmed_at IS NULL').get()!;
    const unsent = deps.db.prepare<[], { n: number; b: number | null }>("SELECT count(*) AS n, sum(json_extract(payload, '$.bytes')) AS b FROM outbox WHERE sent_at IS NULL AND kind = 'segment'").get()!;
    const last = deps.db.prepare<[], { value: string }>("SELECT value FROM sync_kv WHERE key = 'lastSuccessAt'").get()?.value ?? null;
    return {
      enrolled,
      centralUrl: s.centralUrl,
      stationId: creds?.stationId ?? s.stationId,
      running: false,
      online: false,
      queueLength: q,
      segmentsPending: seg.n + unsent.n,
      bytesPending: (seg.b ?? 0) + (unsent.b ?? 0),
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
        worker = new SyncWorker({
          db: deps.db,
          dataDir: deps.dataDir,
          creds,
          retentionDays: () => deps.settings.get().retentionDays,
          log: deps.log,
          translate: t,
          version: VERSION,
          onState: (st) => deps.events.emit('sync.state', st),
          onFeeds: (f) => deps.events.emit('sync.feeds', f),
          heartbeatSource,
          importSchedule,
          ...opts.worker,
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
      'sync.enroll': async ({ centralUrl, code }) => {
        const s = deps.settings.get();
        const creds = await enrollStation({ dataDir: deps.dataDir, centralUrl, code, stationId: s.stationId, court: s.court, courtroom: s.courtroom });
        const patch: { centralUrl: string; court?: string; courtroom?: string } = { centralUrl: normaliseUrl(centralUrl) };
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
          enqueue(deps.db, 'remark.decision', r.hearingId, RemarkDecisionSchema.parse({ remarkId, decision, reason, decidedAt }));
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
      offEvents();
      await starting;
      await worker?.stop();
      worker = null;
    },
  };
}
