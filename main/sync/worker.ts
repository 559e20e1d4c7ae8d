import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';
import type { SyncState } from '../../common/contract/sync';
import { HattamaError, isHattamaError } from '../../common/errors';
import { SegmentPayloadSchema, TUS_METADATA, TUS_PATH, type FeedResponse, type Heartbeat, type OutboxEvent } from '../../common/sync-api';
import type { Db } from '../db/database';
import { CentralClient } from './client';
import type { Credentials } from './enrollment';
import { applyFeeds, type FeedChanges } from './feeds';
import type { OutboxRow } from './outbox';

// The station's sync worker. Everything it sends is already committed locally (outbox rows,
// closed segment files); it only ever reads them and records what central confirmed, so a
// crash, a cut cable or a central restart at any moment loses nothing and duplicates nothing:
// - protocol events go in seq order, in batches; a batch is marked sent only after central
//   answered 200 (central keys events by (station, seq), so a re-sent batch is harmless);
// - segments go by tus; the upload URL is saved in SQLite the moment central assigns it, so
//   an interrupted upload resumes from central's offset, even after a station restart;
// - a segment counts as delivered only when central says it verified the SHA-256, and its
//   local file is deleted only settings.retentionDays after that.
// Failures back off exponentially with jitter; nothing in the core waits for this worker.

export interface WorkerLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
}

export interface HeartbeatSource {
  recording: boolean;
  hearingId: string | null;
  alarms: string[];
  diskHoursLeft: number | null;
}

export interface WorkerOptions {
  db: Db;
  dataDir: string;
  creds: Credentials;
  retentionDays: () => number;
  log?: WorkerLog;
  /** Translated message for an error code (sync.unreachable -> "Cannot reach ..."). */
  translate?: (code: string, params: Record<string, string | number>) => string;
  onState?: (s: SyncState) => void;
  onFeeds?: (f: FeedChanges) => void;
  heartbeatSource?: () => HeartbeatSource;
  /** Hands the schedule feed to the protocol store (its import function). */
  importSchedule?: (feed: FeedResponse['schedule']) => void;
  version?: string;
  batchSize?: number;
  chunkSize?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** How often the idle worker looks for new outbox rows (local query only). */
  pollMs?: number;
  heartbeatMs?: number;
  cleanupMs?: number;
  requestTimeoutMs?: number;
}

interface SegRow {
  seq: number;
  file: string;
  sha256: string;
  bytes: number;
  upload_url: string | null;
  attempts: number;
  last_error: string | null;
  confirmed_at: string | null;
}

export interface WorkerStats {
  cycles: number;
  failures: number;
  eventsSent: number;
  batches: number;
  segmentsConfirmed: number;
  uploadAttempts: number;
  /** Bytes the station put on the wire in PATCH bodies, summed over every attempt. */
  bytesSent: number;
  filesDeleted: number;
}

const nowIso = (): string => new Date().toISOString();

export class SyncWorker {
  readonly client: CentralClient;
  readonly stats: WorkerStats = { cycles: 0, failures: 0, eventsSent: 0, batches: 0, segmentsConfirmed: 0, uploadAttempts: 0, bytesSent: 0, filesDeleted: 0 };
  private running = false;
  private stopped = false;
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private loopDone: Promise<void> | null = null;
  private activeUpload: tus.Upload | null = null;
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
  private readonly o: Required<Pick<WorkerOptions, 'batchSize' | 'chunkSize' | 'backoffBaseMs' | 'backoffMaxMs' | 'pollMs' | 'heartbeatMs' | 'cleanupMs'>> & WorkerOptions;

  constructor(opts: WorkerOptions) {
    this.o = { batchSize: 500, chunkSize: 8 * 1024 * 1024, backoffBaseMs: 1000, backoffMaxMs: 5 * 60_000, pollMs: 1000, heartbeatMs: 30_000, cleanupMs: 10 * 60_000, ...opts };
    this.client = new CentralClient(opts.creds.centralUrl, opts.creds.token, opts.requestTimeoutMs);
    this.lastSuccessAt = this.kv('lastSuccessAt');
  }

  // ---- state ------------------------------------------------------------------------------

  state(): SyncState {
    const db = this.o.db;
    const queue = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL').get()!.n;
    const unsentSeg = db
      .prepare<[], { n: number; b: number | null }>("SELECT count(*) AS n, sum(json_extract(payload, '$.bytes')) AS b FROM outbox WHERE sent_at IS NULL AND kind = 'segment'")
      .get()!;
    const unconfirmed = db.prepare<[], { n: number; b: number | null }>('SELECT count(*) AS n, sum(bytes) AS b FROM sync_segments WHERE confirmed_at IS NULL').get()!;
    return {
      enrolled: true,
      centralUrl: this.o.creds.centralUrl,
      stationId: this.o.creds.stationId,
      running: this.running,
      online: this.online,
      queueLength: queue,
      segmentsPending: unsentSeg.n + unconfirmed.n,
      bytesPending: (unsentSeg.b ?? 0) + (unconfirmed.b ?? 0),
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

  private kv(key: string): string | null {
    return this.o.db.prepare<[string], { value: string }>('SELECT value FROM sync_kv WHERE key = ?').get(key)?.value ?? null;
  }
  private setKv(key: string, value: string): void {
    this.o.db.prepare('INSERT INTO sync_kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  // ---- one pass -------------------------------------------------------------------------------

  /** Everything once: push, upload, heartbeat, feeds, cleanup. Throws on the first failure. */
  async runOnce(): Promise<void> {
    await this.cycle(true);
  }

  private async cycle(full: boolean): Promise<void> {
    this.stats.cycles++;
    this.lastAttemptAt = nowIso();
    try {
      await this.pushEvents();
      await this.uploadSegments();
      if (full || Date.now() - this.lastHeartbeat >= this.o.heartbeatMs) {
        await this.heartbeat();
        await this.pullFeeds();
        this.lastHeartbeat = Date.now();
      }
      if (full || Date.now() - this.lastCleanup >= this.o.cleanupMs) {
        this.cleanup();
        this.lastCleanup = Date.now();
      }
      this.online = true;
      this.lastError = null;
      this.failures = 0;
      this.lastSuccessAt = nowIso();
      this.setKv('lastSuccessAt', this.lastSuccessAt);
    } catch (e) {
      this.online = false;
      this.stats.failures++;
      this.failures++;
      const he = isHattamaError(e) ? e : new HattamaError('sync.failed', { detail: (e as Error)?.message ?? String(e) }, undefined, { cause: e });
      const detail = String(he.params.detail ?? he.message);
      this.lastError = { code: he.code, message: this.o.translate?.(he.code, he.params) ?? detail, detail, at: nowIso() };
      throw he;
    } finally {
      this.uploading = null;
      this.emit();
    }
  }

  private async pushEvents(): Promise<void> {
    const db = this.o.db;
    const select = db.prepare<[number], OutboxRow>("SELECT * FROM outbox WHERE sent_at IS NULL AND (last_error IS NULL OR last_error NOT LIKE 'invalid:%') ORDER BY seq LIMIT ?");
    const markSent = db.prepare('UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE seq = ?');
    const addSegment = db.prepare('INSERT OR IGNORE INTO sync_segments (seq, file, sha256, bytes) VALUES (?, ?, ?, ?)');
    for (;;) {
      const rows = select.all(this.o.batchSize);
      if (rows.length === 0) return;
      const events: OutboxEvent[] = [];
      const segs = new Map<number, { file: string; sha256: string; bytes: number }>();
      for (const r of rows) {
        let payload: unknown;
        try {
          payload = JSON.parse(r.payload);
        } catch {
          payload = undefined;
        }
        const seg = r.kind === 'segment' ? SegmentPayloadSchema.safeParse(payload) : null;
        if (payload === undefined || (seg && !seg.success)) {
          // A row central would refuse forever must not block every row after it.
          db.prepare('UPDATE outbox SET last_error = ? WHERE seq = ?').run(`invalid: ${seg && !seg.success ? seg.error.issues[0]?.message : 'payload not JSON'}`, r.seq);
          this.o.log?.warn({ seq: r.seq, kind: r.kind }, 'outbox row is malformed; kept aside');
          continue;
        }
        if (seg?.success) segs.set(r.seq, seg.data);
        events.push({ seq: r.seq, kind: r.kind, ref: r.ref, payload, createdAt: r.created_at });
      }
      if (events.length === 0) continue;
      try {
        await this.client.pushEvents(events);
      } catch (e) {
        db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?').run(String((e as Error).message).slice(0, 500), events[0]!.seq);
        throw e;
      }
      const at = nowIso();
      db.transaction(() => {
        for (const ev of events) {
          markSent.run(at, ev.seq);
          const s = segs.get(ev.seq);
          if (s) addSegment.run(ev.seq, s.file, s.sha256, s.bytes);
        }
      })();
      this.stats.eventsSent += events.length;
      this.stats.batches++;
      this.emit(false);
    }
  }

  private async uploadSegments(): Promise<void> {
    const rows = this.o.db
      .prepare<[], SegRow>("SELECT * FROM sync_segments WHERE confirmed_at IS NULL AND (last_error IS NULL OR (last_error NOT LIKE 'corrupt:%' AND last_error NOT LIKE 'missing:%')) ORDER BY seq")
      .all();
    for (const row of rows) await this.uploadOne(row);
  }

  private confirm(seq: number): void {
    this.o.db.prepare('UPDATE sync_segments SET confirmed_at = ?, last_error = NULL WHERE seq = ?').run(nowIso(), seq);
    this.stats.segmentsConfirmed++;
  }

  private async uploadOne(row: SegRow): Promise<void> {
    const db = this.o.db;
    const status = await this.client.segmentStatus(row.seq);
    if (status.status === 'verified') return this.confirm(row.seq);
    const abs = path.resolve(this.o.dataDir, row.file);
    if (!fs.existsSync(abs)) {
      db.prepare('UPDATE sync_segments SET last_error = ? WHERE seq = ?').run(`missing: ${row.file}`, row.seq);
      this.o.log?.warn({ seq: row.seq, file: row.file }, 'segment file is missing; cannot upload');
      return;
    }
    try {
      await this.tusUpload(row, abs);
    } catch (e) {
      const st = (e as { originalResponse?: { getStatus(): number; getBody(): string } | null }).originalResponse;
      const code = st?.getStatus() ?? 0;
      if (code >= 400 && code < 500) db.prepare('UPDATE sync_segments SET upload_url = NULL WHERE seq = ?').run(row.seq);
      db.prepare('UPDATE sync_segments SET attempts = attempts + 1, last_error = ? WHERE seq = ?').run(String((e as Error).message).slice(0, 500), row.seq);
      if (code === 401) throw new HattamaError('sync.unauthorized', { detail: 'upload refused' });
      if (code === 422) await this.checkLocal(row, abs);
      if (code >= 400) throw new HattamaError('sync.rejected', { status: code, detail: (st?.getBody() ?? '').slice(0, 300) });
      throw new HattamaError('sync.unreachable', { detail: `upload of segment ${row.seq}: ${(e as Error).message.split('\n')[0]}` }, undefined, { cause: e });
    }
    const after = await this.client.segmentStatus(row.seq);
    if (after.status === 'verified') return this.confirm(row.seq);
    db.prepare('UPDATE sync_segments SET upload_url = NULL WHERE seq = ?').run(row.seq);
    if (after.status === 'rejected') await this.checkLocal(row, abs);
    throw new HattamaError('sync.hashMismatch', { seq: row.seq, detail: `segment ${row.seq} is ${after.status} on central` });
  }

  /** Central refused the bytes: if the local file no longer has its declared hash, stop retrying and say so. */
  private async checkLocal(row: SegRow, abs: string): Promise<void> {
    const h = createHash('sha256');
    for await (const c of fs.createReadStream(abs)) h.update(c as Buffer);
    const got = h.digest('hex');
    if (got !== row.sha256) {
      this.o.db.prepare('UPDATE sync_segments SET last_error = ? WHERE seq = ?').run(`corrupt: local file hash ${got} differs from the declared ${row.sha256}`, row.seq);
      this.o.log?.warn({ seq: row.seq, file: row.file }, 'segment file changed on the station after it was hashed');
    }
  }

  private tusUpload(row: SegRow, abs: string): Promise<void> {
    this.stats.uploadAttempts++;
    const db = this.o.db;
    return new Promise<void>((resolve, reject) => {
      const stream = fs.createReadStream(abs);
      let attemptStart: number | null = null;
      let attemptMax = 0;
      const settle = () => {
        if (attemptStart !== null) this.stats.bytesSent += Math.max(0, attemptMax - attemptStart);
        stream.destroy();
        this.activeUpload = null;
      };
      const upload = new tus.Upload(stream, {
        endpoint: new URL(TUS_PATH, this.o.creds.centralUrl).href,
        uploadUrl: row.upload_url,
        uploadSize: row.bytes,
        chunkSize: this.o.chunkSize,
        retryDelays: null,
        storeFingerprintForResuming: false,
        removeFingerprintOnSuccess: false,
        metadata: { [TUS_METADATA.seq]: String(row.seq), [TUS_METADATA.sha256]: row.sha256, [TUS_METADATA.filename]: path.basename(row.file) },
        headers: { authorization: `Bearer ${this.o.creds.token}` },
        onUploadUrlAvailable: () => {
          db.prepare('UPDATE sync_segments SET upload_url = ? WHERE seq = ?').run(upload.url, row.seq);
        },
        onProgress: (sent, total) => {
          if (attemptStart === null) attemptStart = sent;
          attemptMax = Math.max(attemptMax, sent);
          this.uploading = { seq: row.seq, file: row.file, bytesSent: sent, bytesTotal: total };
          this.emit(false);
        },
        onChunkComplete: (_size, accepted) => {
          // A new request starts at what central accepted; count it from there.
          if (attemptStart !== null) this.stats.bytesSent += Math.max(0, attemptMax - attemptStart);
          attemptStart = accepted;
          attemptMax = accepted;
        },
        onSuccess: () => {
          settle();
          resolve();
        },
        onError: (e) => {
          settle();
          reject(e);
        },
      });
      this.activeUpload = upload;
      upload.start();
    });
  }

  private async heartbeat(): Promise<void> {
    const src = this.o.heartbeatSource?.() ?? { recording: false, hearingId: null, alarms: [], diskHoursLeft: null };
    const st = this.state();
    const hb: Heartbeat = {
      clock: Date.now(),
      recording: src.recording,
      hearingId: src.hearingId,
      alarms: src.alarms.slice(0, 50),
      diskHoursLeft: src.diskHoursLeft,
      backlog: { events: st.queueLength, segments: st.segmentsPending, bytes: st.bytesPending },
      version: this.o.version ?? '0',
    };
    await this.client.heartbeat(hb);
  }

  private async pullFeeds(): Promise<void> {
    const since = Number(this.kv('feedCursor') ?? 0);
    const feed = await this.client.feeds(since);
    const changes = applyFeeds(this.o.db, feed);
    if (feed.schedule.length && this.o.importSchedule) {
      try {
        this.o.importSchedule(feed.schedule);
      } catch (e) {
        // The cached copy is in sync_schedule; the import is retried with the next change.
        this.o.log?.warn({ err: e }, 'schedule import into the protocol store failed');
      }
    }
    this.setKv('feedCursor', String(feed.cursor));
    if (changes.schedule + changes.directory + changes.remarks > 0) this.o.onFeeds?.(changes);
  }

  /** Deletes local segment files central verified more than retentionDays ago. Never earlier. */
  cleanup(now = Date.now()): number {
    const days = this.o.retentionDays();
    const cutoff = new Date(now - days * 86_400_000).toISOString();
    const rows = this.o.db.prepare<[string], { seq: number; file: string }>('SELECT seq, file FROM sync_segments WHERE confirmed_at IS NOT NULL AND deleted_at IS NULL AND confirmed_at <= ?').all(cutoff);
    const mark = this.o.db.prepare('UPDATE sync_segments SET deleted_at = ? WHERE seq = ?');
    for (const r of rows) {
      const abs = path.resolve(this.o.dataDir, r.file);
      if (!abs.startsWith(path.resolve(this.o.dataDir) + path.sep)) continue; // never outside the data directory
      try {
        fs.rmSync(abs, { force: true });
        mark.run(nowIso(), r.seq);
        this.stats.filesDeleted++;
      } catch (e) {
        this.o.log?.warn({ err: e, file: r.file }, 'could not delete an uploaded segment');
      }
    }
    return rows.length;
  }

  // ---- the loop ------------------------------------------------------------------------------

  private backoffMs(): number {
    const exp = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** Math.min(this.failures - 1, 20));
    // "Equal jitter": half fixed, half random, so 1,479 stations do not retry in step.
    return exp / 2 + Math.random() * (exp / 2);
  }

  private hasWork(): boolean {
    const db = this.o.db;
    return (
      db.prepare("SELECT 1 FROM outbox WHERE sent_at IS NULL AND (last_error IS NULL OR last_error NOT LIKE 'invalid:%') LIMIT 1").get() !== undefined ||
      db.prepare("SELECT 1 FROM sync_segments WHERE confirmed_at IS NULL AND (last_error IS NULL OR (last_error NOT LIKE 'corrupt:%' AND last_error NOT LIKE 'missing:%')) LIMIT 1").get() !== undefined
    );
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
          await this.cycle(full);
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
    const up = this.activeUpload;
    if (up) await up.abort(false).catch(() => undefined);
    this.kick();
    await this.loopDone;
    this.running = false;
    this.emit();
  }
}
