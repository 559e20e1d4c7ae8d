import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Alarm, AlarmKind, PauseReason, RecordingState, TimelineEntry } from '../../common/contract/recording';
import { HattamaError } from '../../common/errors';
import { bytesPerHour, MAX_AUDIO_CHANNELS, SAMPLE_RATES, type Settings } from '../../common/settings';
import type { EventBus } from '../runtime/event-bus';
import type { Db } from '../db/database';
import { translator } from '../i18n/translator';
import type { Logger } from '../log/logger';
import { Capture, captureError } from './capture';
import type { TrackInfo } from './chain';
import { loadOrCreateStationKey, type StationKey } from './keys';
import type { Manifest } from './manifest';
import { DEFAULT_MONITOR, LevelMonitor, type MonitorOptions } from './monitor';
import { announceFile, upsertSession } from './recording-schema';
import { liveSessions, recordingsDir } from './recovery';
import { SessionWriter } from './session-writer';
import { maxFrames } from './wav';

// The recorder: one session at a time, idle -> recording <-> paused -> stopped. It owns the
// capture process (restarted automatically when it dies or stalls; the gap goes on the
// timeline), the session's files, the level monitor and the alarms.
//
// Pause stops writing audio (a recess or the judges' deliberation must not be recorded) but
// keeps the capture running, so resume is instant and levels stay visible. Each pause, gap and
// stop closes the current segment: a segment is always one continuous stretch of audio.

export interface RecordingConfig {
  device: string;
  channels: number;
  sampleRate: number;
  roles: string[];
  segmentSeconds: number;
  recorder?: 'arecord' | 'sox';
}

export interface ServiceTuning {
  /** How long start() waits for the first audio before it gives up. */
  firstAudioTimeoutMs: number;
  /** No audio for this long from a running capture: it is stalled and is restarted. */
  stallMs: number;
  restartDelayMs: number;
  retryDelayMs: number;
  /** fdatasync of the open segment at least this often (the issue allows 1000). */
  syncMs: number;
  diskCheckMs: number;
  /** Free space below this many hours of recording raises the diskLow alarm. */
  diskLowHours: number;
  monitor: Partial<Omit<MonitorOptions, 'channels' | 'sampleRate'>>;
}

export const DEFAULT_TUNING: ServiceTuning = {
  firstAudioTimeoutMs: 6000,
  stallMs: 700,
  restartDelayMs: 150,
  retryDelayMs: 1000,
  syncMs: 500,
  diskCheckMs: 5000,
  diskLowHours: 2,
  monitor: {},
};

export interface ServiceDeps {
  dataDir: string;
  db: Db;
  log: Logger;
  events: Pick<EventBus, 'emit'>;
  settings: { get(): Settings };
}

export interface SessionSummary {
  sessionId: string;
  folder: string;
  status: Manifest['status'];
  duration: number;
  segments: Array<{ file: string; sha256: string; bytes: number; frames: number }>;
  channels: Array<{ channel: number; role: string; rmsDbfs: number; peakDbfs: number }>;
  timeline: TimelineEntry[];
  alarms: Array<Pick<Alarm, 'kind' | 'channel' | 'role' | 'params'> & { at: string }>;
}

interface Active {
  writer: SessionWriter;
  config: RecordingConfig;
  caseRef: string | null;
  hearingId: string | null;
  startedAt: string;
  monitor: LevelMonitor;
  alarms: SessionSummary['alarms'];
  /** Audio capture is down since (ms), and whether that time counts as a gap in the record. */
  down: { since: number; counts: boolean } | null;
  timers: NodeJS.Timeout[];
  diskLow: boolean;
  failure: HattamaError | null;
  finishing: boolean;
  ended: Promise<SessionSummary>;
  resolveEnded: (s: SessionSummary) => void;
}

export class RecordingService {
  private stateName: RecordingState['state'] = 'idle';
  private busy = false;
  private active: Active | null = null;
  private last: { writer: SessionWriter; config: RecordingConfig; caseRef: string | null; hearingId: string | null; startedAt: string } | null = null;
  private capture: Capture | null = null;
  private pauseReason: PauseReason | null = null;
  private key: StationKey | null = null;
  readonly tuning: ServiceTuning;
  lastSummary: SessionSummary | null = null;

  constructor(
    private readonly deps: ServiceDeps,
    tuning: Partial<ServiceTuning> = {},
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning, monitor: { ...DEFAULT_TUNING.monitor, ...tuning.monitor } };
  }

  stationKey(): StationKey {
    this.key ??= loadOrCreateStationKey(this.deps.dataDir);
    return this.key;
  }

  /** The files of the session being recorded (video joins its chain), null when idle. */
  get activeWriter(): SessionWriter | null {
    return this.active && !this.active.finishing ? this.active.writer : null;
  }

  /**
   * Other media of the session (video) finish here: called after the audio capture stopped and
   * before the last segment is closed and the manifest signed, so their segments are in it.
   */
  onBeforeFinish(hook: (writer: SessionWriter) => Promise<void>): () => void {
    this.finishHooks.push(hook);
    return () => {
      this.finishHooks = this.finishHooks.filter((h) => h !== hook);
    };
  }
  private finishHooks: Array<(writer: SessionWriter) => Promise<void>> = [];

  /** The capture run in use (tests look at its own sample count). */
  get currentCapture(): Capture | null {
    return this.capture;
  }

  configFromSettings(overrides: Partial<RecordingConfig> = {}): RecordingConfig {
    const s = this.deps.settings.get();
    return {
      device: s.audio.device,
      channels: s.audio.channels,
      sampleRate: s.audio.sampleRate,
      roles: s.audio.roles,
      segmentSeconds: s.segmentSeconds,
      ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
    };
  }

  state(): RecordingState {
    const a = this.active ?? this.last;
    const cfg = a?.config ?? this.configFromSettings();
    return {
      state: this.stateName,
      sessionId: a?.writer.sessionId ?? null,
      folder: a?.writer.relDir ?? null,
      caseRef: a?.caseRef ?? null,
      hearingId: a?.hearingId ?? null,
      startedAt: a?.startedAt ?? null,
      position: a ? Math.round(a.writer.positionSec * 1000) / 1000 : 0,
      pauseReason: this.stateName === 'paused' ? this.pauseReason : null,
      device: cfg.device,
      sampleRate: cfg.sampleRate,
      channels: Array.from({ length: cfg.channels }, (_, i) => ({ channel: i + 1, role: roleOf(cfg, i) })),
      segments: a?.writer.segmentsClosed ?? 0,
      capturing: Boolean(this.active && this.capture?.running && !this.active.down),
      timeline: a ? a.writer.entries.flatMap((e) => (e.type === 'mark' ? [e.mark] : [])) : [],
    };
  }

  /** Starts a session; resolves once audio flows and the session folder exists. */
  async start(input: { caseRef?: string; hearingId?: string }, overrides: Partial<RecordingConfig> = {}): Promise<RecordingState> {
    if (this.busy || this.active) throw new HattamaError('recording.alreadyRecording', { sessionId: this.active?.writer.sessionId ?? '-' });
    this.busy = true;
    try {
      const config = this.configFromSettings(overrides);
      validateConfig(config);
      const root = recordingsDir(this.deps.dataDir);
      try {
        fs.mkdirSync(root, { recursive: true });
        fs.accessSync(root, fs.constants.W_OK);
      } catch (e) {
        throw new HattamaError('app.dataDirUnwritable', { path: root }, undefined, { cause: e });
      }
      const live = liveSessions(this.deps.dataDir);
      if (live.length) throw new HattamaError('recording.alreadyRecording', { sessionId: live[0]! });
      this.stationKey(); // generated on first run, before anything is recorded
      const { capture, pending } = await this.openCapture(config);
      const s = this.deps.settings.get();
      const sessionId = newSessionId();
      const track: TrackInfo = {
        id: 'audio',
        kind: 'audio',
        format: 'wav',
        sampleRate: config.sampleRate,
        channels: config.channels,
        roles: Array.from({ length: config.channels }, (_, i) => ({ channel: i + 1, role: roleOf(config, i) })),
        device: config.device,
      };
      const startedAt = new Date(capture.startWallMs!).toISOString();
      let writer: SessionWriter;
      try {
        writer = new SessionWriter({
          dataDir: this.deps.dataDir,
          sessionId,
          session: { stationId: s.stationId, court: s.court, courtroom: s.courtroom, caseRef: input.caseRef ?? null, hearingId: input.hearingId ?? null, createdAt: startedAt },
          track,
          segmentFrames: Math.min(Math.round(config.segmentSeconds * config.sampleRate), maxFrames(config.channels)),
          onFileClosed: (f) => this.onFileClosed(sessionId, f),
          onError: (e) => this.onWriteError(e),
        });
      } catch (e) {
        await capture.stop();
        throw writeError(e, path.join(root, sessionId));
      }
      upsertSession(this.deps.db, { id: sessionId, folder: writer.relDir, caseRef: input.caseRef ?? null, hearingId: input.hearingId ?? null, startedAt, status: 'recording' });
      let resolveEnded!: (s: SessionSummary) => void;
      const ended = new Promise<SessionSummary>((r) => (resolveEnded = r));
      const monitor = this.makeMonitor(config, () => this.active?.writer.sessionId ?? null);
      const a: Active = { writer, config, caseRef: input.caseRef ?? null, hearingId: input.hearingId ?? null, startedAt, monitor, alarms: [], down: null, timers: [], diskLow: false, failure: null, finishing: false, ended, resolveEnded };
      this.active = a;
      this.last = null;
      this.stateName = 'recording';
      this.pauseReason = null;
      writer.mark({ type: 'start', at: startedAt, position: 0 });
      this.attach(capture);
      for (const c of pending) this.onData(capture, c.pcm, c.firstFrame);
      a.timers.push(setInterval(() => this.tick(), this.tuning.syncMs));
      a.timers.push(setInterval(() => this.watchdog(), 100));
      a.timers.push(setInterval(() => this.checkDisk(), this.tuning.diskCheckMs));
      for (const t of a.timers) t.unref();
      this.checkDisk();
      this.deps.log.info({ sessionId, folder: writer.dir, config, caseRef: input.caseRef }, 'recording started');
      this.emitState();
      return this.state();
    } finally {
      this.busy = false;
    }
  }

  pause(reason: PauseReason): RecordingState {
    const a = this.requireActive();
    if (this.stateName !== 'recording') throw new HattamaError('recording.notRecording');
    a.writer.closeSegment();
    this.closeGapIfCounting(a);
    this.stateName = 'paused';
    this.pauseReason = reason;
    a.monitor.alarmsEnabled = false;
    a.writer.mark({ type: 'pause', at: new Date().toISOString(), reason });
    this.deps.log.info({ sessionId: a.writer.sessionId, reason }, 'recording paused');
    this.emitState();
    return this.state();
  }

  resume(): RecordingState {
    const a = this.requireActive();
    if (this.stateName !== 'paused') throw new HattamaError('recording.notPaused');
    a.writer.mark({ type: 'resume', at: new Date().toISOString() });
    if (a.down) a.down = { since: Date.now(), counts: true };
    this.stateName = 'recording';
    this.pauseReason = null;
    a.monitor.resetSilence();
    a.monitor.alarmsEnabled = true;
    this.deps.log.info({ sessionId: a.writer.sessionId }, 'recording resumed');
    this.emitState();
    return this.state();
  }

  async stop(): Promise<RecordingState> {
    await this.stopWithSummary();
    return this.state();
  }

  /** Stops, signs, and returns what was recorded. */
  async stopWithSummary(): Promise<SessionSummary> {
    const a = this.requireActive();
    return this.finish(a, 'complete', null);
  }

  /** Resolves when the session ends, by stop() or by a failure (disk full). */
  whenEnded(): Promise<SessionSummary> {
    return this.requireActive().ended;
  }

  /** The failure that ended the last session by itself, if any. */
  get lastFailure(): HattamaError | null {
    return this.failure;
  }
  private failure: HattamaError | null = null;

  async close(): Promise<void> {
    if (this.active) await this.stop().catch((e) => this.deps.log.error({ err: e }, 'stop at close failed'));
  }

  // ---------------------------------------------------------------- capture

  private async openCapture(config: RecordingConfig): Promise<{ capture: Capture; pending: Array<{ pcm: Buffer; firstFrame: number }> }> {
    const capture = new Capture({ device: config.device, channels: config.channels, sampleRate: config.sampleRate, ...(config.recorder ? { recorder: config.recorder } : {}) });
    const pending: Array<{ pcm: Buffer; firstFrame: number }> = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        capture.kill();
        reject(new HattamaError('recording.noAudio', { device: config.device, seconds: Math.round(this.tuning.firstAudioTimeoutMs / 1000) }));
      }, this.tuning.firstAudioTimeoutMs);
      capture.on('data', (c) => {
        pending.push({ pcm: c.pcm, firstFrame: c.firstFrame });
        clearTimeout(timer);
        resolve();
      });
      capture.on('exit', (x) => {
        clearTimeout(timer);
        reject(captureError(config.device, x.stderr || `exit code ${x.code}`));
      });
      try {
        capture.start();
      } catch (e) {
        clearTimeout(timer);
        reject(captureError(config.device, (e as Error).message));
      }
    });
    capture.removeAllListeners();
    return { capture, pending };
  }

  private attach(capture: Capture): void {
    this.capture = capture;
    capture.on('data', (c) => this.onData(capture, c.pcm, c.firstFrame));
    capture.on('exit', (x) => this.onCaptureExit(capture, x));
  }

  private onData(capture: Capture, pcm: Buffer, firstFrame: number): void {
    const a = this.active;
    if (!a || capture !== this.capture) return;
    const recording = this.stateName === 'recording';
    a.monitor.feed(pcm, recording);
    if (!recording || a.failure) return;
    try {
      a.writer.write(pcm, capture.wallOfFrame(firstFrame));
    } catch (e) {
      this.onWriteError(e);
    }
  }

  private onCaptureExit(capture: Capture, x: { code: number | null; signal: string | null; expected: boolean; stderr: string }): void {
    const a = this.active;
    if (!a || capture !== this.capture || x.expected) return;
    const since = capture.startWallMs === null ? Date.now() : capture.wallOfFrame(capture.frames);
    this.deps.log.error({ sessionId: a.writer.sessionId, code: x.code, signal: x.signal, stderr: x.stderr.slice(-500), frames: capture.frames }, 'audio capture died');
    if (!a.down) {
      a.writer.closeSegment();
      a.down = { since, counts: this.stateName === 'recording' };
      this.alarm('captureLost', null, true, {});
      this.emitState();
    }
    this.capture = null;
    const t = setTimeout(() => this.restart(), capture.frames > 0 ? this.tuning.restartDelayMs : this.tuning.retryDelayMs);
    t.unref();
    a.timers.push(t);
  }

  private restart(): void {
    const a = this.active;
    if (!a || this.capture || a.finishing) return;
    const capture = new Capture({ device: a.config.device, channels: a.config.channels, sampleRate: a.config.sampleRate, ...(a.config.recorder ? { recorder: a.config.recorder } : {}) });
    capture.once('data', () => this.onRestarted(capture));
    this.attach(capture);
    try {
      capture.start();
    } catch (e) {
      this.deps.log.error({ err: e }, 'capture restart failed');
    }
  }

  private onRestarted(capture: Capture): void {
    const a = this.active;
    if (!a || !a.down || capture !== this.capture) return;
    const down = a.down;
    a.down = null;
    const gapMs = Math.max(0, Math.round(capture.startWallMs! - down.since));
    if (down.counts) a.writer.mark({ type: 'gap', at: new Date(down.since).toISOString(), gapMs, reason: 'capture-restarted' });
    a.monitor.resetSilence();
    this.alarm('captureLost', null, false, {});
    this.alarm('captureRestarted', null, true, { gapMs });
    this.deps.log.warn({ sessionId: a.writer.sessionId, gapMs }, 'audio capture restarted');
    this.emitState();
  }

  /** A gap that was being counted ends here (pause or stop while the capture is down). */
  private closeGapIfCounting(a: Active): void {
    if (!a.down?.counts) return;
    const gapMs = Math.max(0, Date.now() - a.down.since);
    a.writer.mark({ type: 'gap', at: new Date(a.down.since).toISOString(), gapMs, reason: 'capture-failed' });
    a.down = { since: Date.now(), counts: false };
  }

  private watchdog(): void {
    const c = this.capture;
    if (!c || !c.running || c.startWallMs === null) return;
    if (Date.now() - c.lastDataAt > this.tuning.stallMs) {
      this.deps.log.error({ pid: c.pid }, 'audio capture stalled; restarting it');
      c.kill();
    }
  }

  // ---------------------------------------------------------------- files

  private tick(): void {
    const a = this.active;
    if (!a || a.failure) return;
    try {
      a.writer.sync();
    } catch (e) {
      this.onWriteError(e);
    }
  }

  private onFileClosed(sessionId: string, f: { track: string; file: string; sha256: string; bytes: number }): void {
    try {
      announceFile(this.deps.db, { sessionId, ...f });
    } catch (e) {
      // The chain has it; recovery re-announces anything the database missed.
      this.deps.log.error({ err: e, file: f.file }, 'could not announce a closed file to the outbox');
    }
    this.deps.log.info({ sessionId, file: f.file, sha256: f.sha256, bytes: f.bytes }, 'recording file closed');
    if (f.track === 'audio') this.emitState();
  }

  private onWriteError(e: unknown): void {
    const a = this.active;
    if (!a || a.failure) return;
    const full = (e as NodeJS.ErrnoException).code === 'ENOSPC';
    a.failure = full
      ? new HattamaError('recording.diskFull', { folder: a.writer.dir }, undefined, { cause: e })
      : writeError(e, a.writer.dir);
    this.deps.log.error({ err: e, sessionId: a.writer.sessionId }, full ? 'disk full: stopping the recording' : 'write failed: stopping the recording');
    try {
      a.writer.freeReserve();
    } catch {
      // best effort
    }
    if (full) this.alarm('diskFull', null, true, {});
    void this.finish(a, 'aborted', { type: 'error', at: new Date().toISOString(), code: a.failure.code, reason: String((e as NodeJS.ErrnoException).code ?? (e as Error).message) }).catch((err) =>
      this.deps.log.error({ err }, 'could not close the session after a write failure; recovery will close it'),
    );
  }

  private async finish(a: Active, status: Manifest['status'], error: Omit<TimelineEntry, 'position'> | null): Promise<SessionSummary> {
    if (this.active !== a || a.finishing) return a.ended;
    a.finishing = true;
    for (const t of a.timers) clearTimeout(t);
    const capture = this.capture;
    // Stop the capture first: the audio still in its pipe goes into the last segment.
    if (capture) await capture.stop();
    this.capture = null;
    this.closeGapIfCounting(a);
    for (const hook of this.finishHooks) {
      try {
        await hook(a.writer);
      } catch (e) {
        this.deps.log.error({ err: e, sessionId: a.writer.sessionId }, 'a media track could not finish with the session');
      }
    }
    if (error) a.writer.mark(error);
    const stopMark: TimelineEntry = { type: 'stop', at: new Date().toISOString(), position: Math.round(a.writer.positionSec * 1000) / 1000 };
    let manifest: Manifest;
    try {
      manifest = await a.writer.finish(status, this.stationKey(), stopMark);
    } catch (e) {
      a.writer.abandon();
      this.active = null;
      this.last = a;
      this.stateName = 'stopped';
      this.failure = a.failure ?? writeError(e, a.writer.dir);
      this.emitState();
      throw e;
    }
    upsertSession(this.deps.db, { id: a.writer.sessionId, folder: a.writer.relDir, caseRef: a.caseRef, hearingId: a.hearingId, startedAt: a.startedAt, status: 'closed', closedAt: manifest.closedAt });
    const totals = a.monitor.totals();
    const summary: SessionSummary = {
      sessionId: a.writer.sessionId,
      folder: a.writer.dir,
      status,
      duration: Math.round(a.writer.positionSec * 1000) / 1000,
      segments: a.writer.closedSegments.map((s) => ({ file: s.file, sha256: s.sha256, bytes: s.bytes, frames: s.frames ?? 0 })),
      channels: totals.map((t, i) => ({ channel: i + 1, role: roleOf(a.config, i), rmsDbfs: t.rmsDb, peakDbfs: t.peakDb })),
      timeline: manifest.timeline,
      alarms: a.alarms,
    };
    this.active = null;
    this.last = a;
    this.stateName = 'stopped';
    this.failure = a.failure;
    this.lastSummary = summary;
    this.deps.log.info({ sessionId: summary.sessionId, status, duration: summary.duration, segments: summary.segments.length }, 'recording stopped');
    this.emitState();
    a.resolveEnded(summary);
    return summary;
  }

  // ---------------------------------------------------------------- monitoring

  private makeMonitor(config: RecordingConfig, sessionId: () => string | null): LevelMonitor {
    const opts: MonitorOptions = { ...DEFAULT_MONITOR, ...this.tuning.monitor, channels: config.channels, sampleRate: config.sampleRate };
    return new LevelMonitor(
      opts,
      (l) => {
        this.deps.events.emit('recording.levels', {
          sessionId: sessionId(),
          at: Date.now(),
          position: this.active ? Math.round(this.active.writer.positionSec * 1000) / 1000 : 0,
          channels: l.rmsDb.map((rms, i) => ({ channel: i + 1, role: roleOf(config, i), peakDb: l.peakDb[i]!, rmsDb: rms })),
        });
      },
      (al) => this.alarm(al.kind, al.channel, al.active, al.params),
    );
  }

  private checkDisk(): void {
    const a = this.active;
    if (!a) return;
    let free: number;
    try {
      const st = fs.statfsSync(this.deps.dataDir);
      free = st.bavail * st.bsize;
    } catch {
      return;
    }
    const hours = free / bytesPerHour(a.config);
    const low = hours < this.tuning.diskLowHours;
    if (low !== a.diskLow) {
      a.diskLow = low;
      this.alarm('diskLow', null, low, { hours: Math.round(hours * 10) / 10 });
    }
  }

  private alarm(kind: AlarmKind, channel: number | null, active: boolean, params: Record<string, number | string>): void {
    const a = this.active;
    const role = channel && a ? roleOf(a.config, channel - 1) : null;
    const code = kind === 'deadMic' && !active ? 'recording:alarms.deadMicCleared' : `recording:alarms.${kind}`;
    const p: Record<string, string | number> = { ...params, ...(channel ? { channel } : {}), ...(role ? { role } : {}) };
    const payload: Alarm = { kind, channel, role, code, params: p, active, at: Date.now(), sessionId: a?.writer.sessionId ?? null };
    if (active && a) a.alarms.push({ kind, channel, role, params: p, at: new Date().toISOString() });
    const text = translator(this.deps.settings.get().language)(code, p);
    const line = { alarm: kind, channel, role, active, params: p, sessionId: payload.sessionId };
    if (active) this.deps.log.warn(line, text);
    else this.deps.log.info(line, text);
    this.deps.events.emit('recording.alarm', payload);
  }

  private emitState(): void {
    try {
      this.deps.events.emit('recording.state', this.state());
    } catch (e) {
      this.deps.log.warn({ err: e }, 'recording state push failed');
    }
  }

  private requireActive(): Active {
    if (!this.active) throw new HattamaError('recording.notRecording');
    return this.active;
  }
}

export function validateConfig(c: RecordingConfig): void {
  if (!Number.isInteger(c.channels) || c.channels < 1 || c.channels > MAX_AUDIO_CHANNELS) {
    throw new HattamaError('recording.badChannels', { value: String(c.channels), max: MAX_AUDIO_CHANNELS });
  }
  if (!(SAMPLE_RATES as readonly number[]).includes(c.sampleRate)) {
    throw new HattamaError('recording.badRate', { value: String(c.sampleRate), rates: SAMPLE_RATES.join(', ') });
  }
  if (!(c.segmentSeconds > 0)) throw new HattamaError('recording.badSeconds', { value: String(c.segmentSeconds) });
}

export function roleOf(c: Pick<RecordingConfig, 'roles'>, i: number): string {
  return c.roles[i]?.trim() || `ch${i + 1}`;
}

function newSessionId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${t}-${randomBytes(3).toString('hex')}`;
}

function writeError(e: unknown, folder: string): HattamaError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return new HattamaError('recording.diskFull', { folder }, undefined, { cause: e });
  return new HattamaError('recording.writeFailed', { folder, detail: String(code ?? (e as Error).message) }, undefined, { cause: e });
}
