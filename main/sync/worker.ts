import type { SyncState } from '../../common/contract/sync';
import { HattamaError, isHattamaError } from '../../common/errors';
import type { FeedResponse } from '../../common/sync-api';
import type { Db } from '../db/database';
import { backlog } from './backlog';
import { CentralClient } from './client';
import type { Credentials } from './enrollment';
import { pullFeeds, type FeedChanges } from './feeds';
import { buildHeartbeat, type HeartbeatSource } from './heartbeat';
import { HAS_UNSENT, pushOutbox } from './outbox-pusher';
import { deleteExpiredSegments } from './retention';
import { HAS_UNCONFIRMED, SegmentUploader } from './segment-uploader';
import { CopyUploader, HAS_COPY_FILES } from './copy-uploader';
import { readKv, writeKv } from './sync-kv';
import { newStats, type WorkerLog, type WorkerStats } from './worker-types';

// The station's sync loop. Everything it sends is already committed locally (outbox rows,
// closed segment files); it only ever reads them and records what central confirmed, so a
// crash, a cut cable or a central restart at any moment loses nothing and duplicates nothing.
// Each pass: push the outbox, upload segments and the files of participants' copies, then
// (every heartbeatMs) heartbeat and feeds, (every cleanupMs) retention. Failures back off
// exponentially with jitter; nothing in the core waits for this loop. Build it with createSyncWorker (create-worker.ts).

export type { WorkerLog, WorkerStats } from './worker-types';
export type { HeartbeatSource } from './heartbeat';

export interface WorkerTuning {
  batchSize: number;
  chunkSize: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How often the idle worker looks for new outbox rows (local query only). */
  pollMs: number;
  heartbeatMs: number;
  cleanupMs: number;
  requestTimeoutMs?: number;
}

export const DEFAULT_TUNING: WorkerTuning = { batchSize: 500, chunkSize: 64 * 1024 * 1024, backoffBaseMs: 1000, backoffMaxMs: 5 * 60_000, pollMs: 1000, heartbeatMs: 30_000, cleanupMs: 10 * 60_000 };

export interface WorkerOptions extends Partial<WorkerTuning> {
  db: Db;
  dataDir: string;
  creds: Credentials;
  retentionDays: () => number;
  heartbeatSource: () => HeartbeatSource;
  version: string;
  log?: WorkerLog;
  /** Translated message for an error code (sync.unreachable -> "Cannot reach ..."). */
  translate?: (code: string, params: Record<string, string | number>) => string;
  onState?: (s: SyncState) => void;
  onFeeds?: (f: FeedChanges) => void;
  /** Hands the schedule feed to the protocol store. */
  importSchedule?: (feed: FeedResponse['schedule']) => void;
}

const nowIso = (): string => new Date().toISOString();

export class SyncWorker {
  readonly client: CentralClient;
  readonly stats: WorkerStats = newStats();
  private readonly o: WorkerOptions & WorkerTuning;
  private readonly uploader: SegmentUploader;
  private readonly copies: CopyUploader;
  private running = false;
  private stopped = false;
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private loopDone: Promise<void> | null = null;
  private online = false;
  private lastSuccessAt: string | null;
  private lastAttemptAt: string | null = null;
  private lastError: SyncState['lastError'] = null;
  private nextAttemptAt: string | null = null;
  private uploading: SyncState['uploading'] = null;
  private lastHeartbeat = 0;
  private lastCleanup = 0;
  private failures = 0;
  private forced = false;
  private lastEmit = 0;
  private cycling: Promise<void> = Promise.resolve();

  constructor(opts: WorkerOptions) {
    this.o = { ...DEFAULT_TUNING, ...opts };
    this.client = new CentralClient(opts.creds.centralUrl, opts.creds.token, opts.requestTimeoutMs, opts.creds.ca);
    this.lastSuccessAt = readKv(opts.db, 'lastSuccessAt');
    this.uploader = new SegmentUploader({
      db: opts.db,
      dataDir: opts.dataDir,
      client: this.client,
      creds: opts.creds,
      chunkSize: this.o.chunkSize,
      stats: this.stats,
      log: opts.log,
      onProgress: (u) => {
        this.uploading = u;
        this.emit(false);
      },
    });
    this.copies = new CopyUploader({ db: opts.db, dataDir: opts.dataDir, client: this.client, creds: opts.creds, chunkSize: this.o.chunkSize, stats: this.stats, log: opts.log });
  }

  state(): SyncState {
    return {
      enrolled: true,
      centralUrl: this.o.creds.centralUrl,
      stationId: this.o.creds.stationId,
      running: this.running,
      online: this.online,
      ...backlog(this.o.db),
      lastSuccessAt: this.lastSuccessAt,
      lastAttemptAt: this.lastAttemptAt,
      lastError: this.lastError,
      nextAttemptAt: this.nextAttemptAt,
      uploading: this.uploading,
    };
  }

  private emit(force = true): void {
    if (!this.o.onState) return;
    const now = Date.now();
    if (!force && now - this.lastEmit < 500) return;
    this.lastEmit = now;
    try {
      this.o.onState(this.state());
    } catch (e) {
      this.o.log?.warn({ err: e }, 'sync state listener failed');
    }
  }

  /** Everything once: push, upload, heartbeat, feeds, cleanup. Throws on the first failure. */
  /** One pass now: push, uploads and (unless `full` is false, as the loop's passes between beats) heartbeat, feeds and cleanup. */
  async runOnce(o: { full?: boolean } = {}): Promise<void> {
    await this.serial(o.full ?? true);
  }

  /** Deletes local segment files central verified more than retentionDays ago. Never earlier. */
  cleanup(now = Date.now()): number {
    return deleteExpiredSegments({ db: this.o.db, dataDir: this.o.dataDir, retentionDays: this.o.retentionDays(), stats: this.stats, log: this.o.log }, now);
  }

  /** One cycle at a time: a pass asked for from outside (`sync.runOnce`) waits for the loop's, never runs beside it. */
  private serial(full: boolean): Promise<void> {
    const run = this.cycling.then(() => this.cycle(full));
    this.cycling = run.catch(() => undefined);
    return run;
  }

  private async cycle(full: boolean): Promise<void> {
    const o = this.o;
    this.stats.cycles++;
    this.lastAttemptAt = nowIso();
    try {
      await pushOutbox({ db: o.db, client: this.client, batchSize: o.batchSize, stats: this.stats, log: o.log, onBatch: () => this.emit(false) });
      await this.uploader.uploadAll();
      await this.copies.uploadAll();
      if (full || Date.now() - this.lastHeartbeat >= o.heartbeatMs) {
        await this.client.heartbeat(buildHeartbeat(o.heartbeatSource(), backlog(o.db), o.version));
        await pullFeeds({ db: o.db, client: this.client, importSchedule: o.importSchedule, onFeeds: o.onFeeds, log: o.log });
        this.lastHeartbeat = Date.now();
      }
      if (full || Date.now() - this.lastCleanup >= o.cleanupMs) {
        this.cleanup();
        this.lastCleanup = Date.now();
      }
      this.online = true;
      this.lastError = null;
      this.failures = 0;
      this.lastSuccessAt = nowIso();
      writeKv(o.db, 'lastSuccessAt', this.lastSuccessAt);
    } catch (e) {
      this.online = false;
      this.stats.failures++;
      this.failures++;
      const he = isHattamaError(e) ? e : new HattamaError('sync.failed', { detail: (e as Error)?.message ?? String(e) }, undefined, { cause: e });
      const detail = String(he.params.detail ?? he.message);
      this.lastError = { code: he.code, message: o.translate?.(he.code, he.params) ?? detail, detail, at: nowIso() };
      throw he;
    } finally {
      this.uploading = null;
      this.emit();
    }
  }

  private backoffMs(): number {
    const exp = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** Math.min(this.failures - 1, 20));
    // "Equal jitter": half fixed, half random, so 1,479 stations do not retry in step.
    return exp / 2 + Math.random() * (exp / 2);
  }

  private hasWork(): boolean {
    return this.o.db.prepare(HAS_UNSENT).get() !== undefined || this.o.db.prepare(HAS_UNCONFIRMED).get() !== undefined || this.o.db.prepare(HAS_COPY_FILES).get() !== undefined;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = () => resolve();
      this.timer = setTimeout(resolve, ms);
    }).then(() => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.wake = null;
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = false;
    this.emit();
    this.loopDone = (async () => {
      let first = true;
      while (!this.stopped) {
        const full = first || this.forced;
        this.forced = false;
        const due = full || this.hasWork() || Date.now() - this.lastHeartbeat >= this.o.heartbeatMs || Date.now() - this.lastCleanup >= this.o.cleanupMs;
        if (!due) {
          await this.sleep(this.o.pollMs);
          continue;
        }
        try {
          await this.serial(full);
          first = false;
          this.nextAttemptAt = null;
        } catch (e) {
          if (this.stopped) break;
          const wait = this.backoffMs();
          this.nextAttemptAt = new Date(Date.now() + wait).toISOString();
          this.o.log?.warn({ err: (e as Error).message, retryInMs: Math.round(wait) }, 'sync failed; backing off');
          this.emit();
          await this.sleep(wait);
        }
      }
    })();
  }

  /** Sync everything now (ends a backoff wait; includes heartbeat and feeds). */
  kick(): void {
    this.forced = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.uploader.abort();
    await this.copies.abort();
    this.kick();
    await this.loopDone;
    this.running = false;
    this.emit();
  }
}
