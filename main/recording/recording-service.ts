import path from 'node:path';
import type { PauseReason, RecordingState, TimelineEntry } from '../../common/contract/recording';
import { HattamaError } from '../../common/errors';
import type { Settings } from '../../common/settings';
import type { Manifest } from '../evidence/manifest';
import { newSessionId, recordingsDir } from '../evidence/session-folder';
import type { SessionHost } from '../evidence/session-host';
import type { StationKey } from '../keys/station-key';
import type { EventBus } from '../runtime/event-bus';
import type { Logger } from '../log/logger';
import type { Capture } from './capture';
import { CaptureSupervisor, openCapture, type Down } from './capture-supervisor';
import { CheckRunner, type CheckHeard, type CheckOptions } from './check-runner';
import { DiskWatch } from './disk-watch';
import { LiveTaps } from './live-sound';
import type { LevelMonitor } from './monitor';
import { MuteGate } from './privacy-mute';
import { RecordingAlarms } from './recording-alarms';
import { conferenceConfig, openConference } from './conference-track';
import { configFromSettings, DEFAULT_TUNING, roleOf, validateConfig, type RecordingConfig, type ServiceTuning } from './recording-config';
import { recordingStateOf, round3 } from './recording-state';
import { abandonTracks, closeSegments, openSessionTracks, syncTracks, writeFrames, type SessionTracks } from './session-tracks';
import { sessionSummary, type SessionSummary } from './session-summary';
import { writeError } from './write-error';

// The recorder: one session at a time, idle -> recording <-> paused -> stopped. It opens the
// session in the evidence store (where video joins it), feeds the audio track from the
// supervised capture, and ends the session: every track finished, the manifest signed.
//
// Pause stops writing audio (a recess or the judges' deliberation must not be recorded) but
// keeps the capture running, so resume is instant and levels stay visible. Each pause, gap and
// stop closes the current segment: a segment is always one continuous stretch of audio.

export type { RecordingConfig, ServiceTuning } from './recording-config';
export type { SessionSummary } from './session-summary';

export interface ServiceDeps {
  dataDir: string;
  log: Logger;
  events: Pick<EventBus, 'emit'>;
  settings: { get(): Settings };
  /** The evidence store's session host (main/evidence). */
  sessions: SessionHost;
}

interface Active extends SessionTracks {
  supervisor: CaptureSupervisor;
  alarms: RecordingAlarms;
  monitor: LevelMonitor;
  disk: DiskWatch;
  mutes: MuteGate;
  syncTimer: NodeJS.Timeout;
  config: RecordingConfig;
  caseRef: string | null;
  hearingId: string | null;
  startedAt: string;
  failure: HattamaError | null;
  finishing: boolean;
  ended: Promise<SessionSummary>;
  resolveEnded: (s: SessionSummary) => void;
}

export class RecordingService {
  private stateName: RecordingState['state'] = 'idle';
  private busy = false;
  private active: Active | null = null;
  private last: Active | null = null;
  private pauseReason: PauseReason | null = null;
  readonly tuning: ServiceTuning;
  lastSummary: SessionSummary | null = null;
  private failure: HattamaError | null = null;
  private readonly checks: CheckRunner;
  private remoteExpected = false;
  /** The room's sound as recorded, for live listeners (live-sound.ts). */
  readonly live = new LiveTaps();

  constructor(
    private readonly deps: ServiceDeps,
    tuning: Partial<ServiceTuning> = {},
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning, monitor: { ...DEFAULT_TUNING.monitor, ...tuning.monitor } };
    this.checks = new CheckRunner(deps.events);
  }

  stationKey(): StationKey {
    return this.deps.sessions.stationKey();
  }

  /** The capture run in use (tests look at its own sample count). */
  get currentCapture(): Capture | null {
    return this.active?.supervisor.current ?? null;
  }

  configFromSettings(overrides: Partial<RecordingConfig> = {}): RecordingConfig {
    return configFromSettings(this.deps.settings.get(), overrides);
  }

  state(): RecordingState {
    const a = this.active ?? this.last;
    const capturing = Boolean(this.active && this.active.supervisor.capturing);
    return recordingStateOf(this.stateName, a, a?.config ?? this.configFromSettings(), { pauseReason: this.pauseReason, capturing, mutes: this.active?.mutes ?? null });
  }

  /**
   * Whether the hearing being recorded has a participant attending remotely (the hearing layer
   * says so, main/hearing/remote-presence.ts): only then is the conference track's silence an alarm.
   */
  setRemoteExpected(on: boolean): void {
    this.remoteExpected = on;
    this.active?.conference?.watch.setExpected(on);
  }

  /** Starts a session; resolves once audio flows and the session folder exists. */
  async start(input: { caseRef?: string; hearingId?: string | number }, overrides: Partial<RecordingConfig> = {}): Promise<RecordingState> {
    if (this.busy || this.active) throw new HattamaError('recording.alreadyRecording', { sessionId: this.active?.session.sessionId ?? '-' });
    this.busy = true;
    try {
      await this.checks.cancel(); // the device is the recorder's from here on
      const config = this.configFromSettings(overrides);
      validateConfig(config);
      const live = this.deps.sessions.prepare();
      if (live) throw new HattamaError('recording.alreadyRecording', { sessionId: live });
      const conf = conferenceConfig(config);
      const opening = openConference(conf, this.tuning);
      const { capture, pending } = await openCapture(config, this.tuning).catch(async (e: unknown) => {
        const c = await opening;
        if (c && !(c instanceof Error)) await c.capture.stop();
        throw e;
      });
      const caseRef = input.caseRef ?? null;
      const hearingId = input.hearingId === undefined ? null : String(input.hearingId);
      const startedAt = new Date(capture.startWallMs!).toISOString();
      const sessionId = newSessionId();
      const alarms = new RecordingAlarms({ log: this.deps.log, events: this.deps.events, language: () => this.deps.settings.get().language }, config, sessionId);
      let tracks: SessionTracks;
      try {
        tracks = openSessionTracks(
          { sessions: this.deps.sessions, settings: this.deps.settings.get(), config, conference: conf && opening ? { config: conf, opening } : null, sessionId, startedAt, caseRef, hearingId },
          { tuning: this.tuning, log: this.deps.log, alarms },
          { onSegmentChained: () => this.emitState(), onError: (e) => this.onWriteError(e) },
        );
      } catch (e) {
        await capture.stop();
        void opening?.then((c) => (c instanceof Error ? undefined : c.capture.stop()));
        throw writeError(e, path.join(recordingsDir(this.deps.dataDir), sessionId));
      }
      const { session } = tracks;
      const supervisor = new CaptureSupervisor(config, this.tuning, this.deps.log, () => this.stateName === 'recording', {
        data: (pcm, wall, run, firstFrame) => this.onData(pcm, wall, run, firstFrame),
        lost: () => this.onCaptureLost(),
        restarted: (down, startWallMs) => this.onCaptureRestarted(down, startWallMs),
      });
      let resolveEnded!: (s: SessionSummary) => void;
      const ended = new Promise<SessionSummary>((r) => (resolveEnded = r));
      const a: Active = {
        ...tracks,
        supervisor,
        alarms,
        monitor: alarms.monitor(this.tuning, () => (this.active ? round3(this.active.audio.positionSec) : 0), () => tracks.conference?.watch.levels()),
        mutes: new MuteGate(config.channels, config.sampleRate, (ch) => roleOf(config, ch - 1)),
        disk: new DiskWatch(this.deps.dataDir, config, this.tuning.diskLowHours, this.tuning.diskCheckMs, (low, hours) => alarms.raise('diskLow', null, low, { hours })),
        syncTimer: setInterval(() => this.tick(), this.tuning.syncMs),
        config,
        caseRef,
        hearingId,
        startedAt,
        failure: null,
        finishing: false,
        ended,
        resolveEnded,
      };
      a.syncTimer.unref();
      tracks.conference?.watch.setExpected(this.remoteExpected);
      this.active = a;
      this.last = null;
      this.stateName = 'recording';
      this.pauseReason = null;
      session.mark({ type: 'start', at: startedAt, position: 0 });
      supervisor.run(capture, pending);
      a.disk.check();
      this.deps.log.info({ sessionId, folder: session.dir, config, caseRef }, 'recording started');
      this.emitState();
      return this.state();
    } finally {
      this.busy = false;
    }
  }

  pause(reason: PauseReason): RecordingState {
    const a = this.requireActive();
    if (this.stateName !== 'recording') throw new HattamaError('recording.notRecording');
    closeSegments(a);
    this.markCountedGap(a);
    this.stateName = 'paused';
    this.pauseReason = reason;
    a.monitor.alarmsEnabled = false;
    a.conference?.watch.setEnabled(false);
    this.mark(a, { type: 'pause', at: new Date().toISOString(), reason });
    this.deps.log.info({ sessionId: a.session.sessionId, reason }, 'recording paused');
    this.emitState();
    return this.state();
  }

  resume(): RecordingState {
    const a = this.requireActive();
    if (this.stateName !== 'paused') throw new HattamaError('recording.notPaused');
    this.mark(a, { type: 'resume', at: new Date().toISOString() });
    a.supervisor.countFromNow();
    this.stateName = 'recording';
    this.pauseReason = null;
    a.monitor.resetSilence();
    a.monitor.alarmsEnabled = true;
    a.conference?.watch.setEnabled(true);
    this.deps.log.info({ sessionId: a.session.sessionId }, 'recording resumed');
    this.emitState();
    return this.state();
  }

  /** A privacy mute of one microphone on (only while recording) or off, from the next sample written; returns its mark. */
  privacyMute(channel: number, on: boolean, opts: { by?: string; reason?: string } = {}): TimelineEntry {
    const a = this.requireActive();
    if (on && this.stateName !== 'recording') throw new HattamaError('recording.notRecording');
    const mark = a.mutes.set(channel, on, a.audio.framesWritten, new Date().toISOString(), opts);
    a.monitor.setQuiet(channel, on);
    a.session.mark(mark);
    this.deps.log.info({ sessionId: a.session.sessionId, channel, on, frame: mark.frame }, on ? 'privacy mute' : 'privacy mute lifted');
    this.emitState();
    return mark;
  }

  async stop(): Promise<RecordingState> {
    await this.stopWithSummary();
    return this.state();
  }

  /** Stops, signs, and returns what was recorded. */
  async stopWithSummary(): Promise<SessionSummary> {
    return this.finish(this.requireActive(), 'complete', null);
  }

  /** Resolves when the session ends, by stop() or by a failure (disk full). */
  whenEnded(): Promise<SessionSummary> {
    return this.requireActive().ended;
  }

  /** The failure that ended the last session by itself, if any. */
  get lastFailure(): HattamaError | null {
    return this.failure;
  }

  /** The technician's microphone check; refused while a session runs (its levels already show every channel). The room test keeps the PCM (`onPcm`) and listens to the conference too. */
  check(seconds: number, opts: CheckOptions = {}): Promise<CheckHeard> {
    const st = this.state();
    if (st.state === 'recording' || st.state === 'paused') throw new HattamaError('recording.alreadyRecording', { sessionId: st.sessionId ?? '' });
    return this.checks.run(this.configFromSettings(), seconds, opts);
  }

  async close(): Promise<void> {
    if (this.active) await this.stop().catch((e) => this.deps.log.error({ err: e }, 'stop at close failed'));
  }

  // ---------------------------------------------------------------- capture

  private onData(pcm: Buffer, wallOfFirst: number, capture: Capture, firstFrame: number): void {
    const a = this.active;
    if (!a) return;
    const recording = this.stateName === 'recording';
    // What is recorded: a muted microphone's samples are zero (the meters and the alarms see the same).
    const recorded = a.mutes.apply(pcm);
    a.monitor.feed(recorded, recording);
    this.live.feed({ pcm: recorded, channels: a.config.channels, sampleRate: a.config.sampleRate, recording, sessionId: a.session.sessionId, hearingId: a.hearingId, positionSec: a.audio.positionSec }, this.deps.log);
    if (!recording || a.failure) return;
    try {
      writeFrames(a, recorded, wallOfFirst, capture, firstFrame);
    } catch (e) {
      this.onWriteError(e);
    }
  }

  private onCaptureLost(): void {
    const a = this.active;
    if (!a) return;
    closeSegments(a);
    a.alarms.raise('captureLost', null, true, {});
    this.emitState();
  }

  private onCaptureRestarted(down: Down, startWallMs: number): void {
    const a = this.active;
    if (!a) return;
    const gapMs = Math.max(0, Math.round(startWallMs - down.since));
    if (down.counts) this.mark(a, { type: 'gap', at: new Date(down.since).toISOString(), gapMs, reason: 'capture-restarted' });
    a.monitor.resetSilence();
    a.alarms.raise('captureLost', null, false, {});
    a.alarms.raise('captureRestarted', null, true, { gapMs });
    this.deps.log.warn({ sessionId: a.session.sessionId, gapMs }, 'audio capture restarted');
    this.emitState();
  }

  /** A gap that was being counted ends here (pause or stop while the capture is down). */
  private markCountedGap(a: Active): void {
    const gap = a.supervisor.endCountedGap();
    if (gap) this.mark(a, { type: 'gap', at: new Date(gap.since).toISOString(), gapMs: gap.gapMs, reason: 'capture-failed' });
  }

  // ---------------------------------------------------------------- files

  private tick(): void {
    const a = this.active;
    if (!a || a.failure) return;
    try {
      syncTracks(a);
      a.session.touch();
    } catch (e) {
      this.onWriteError(e);
    }
  }

  private onWriteError(e: unknown): void {
    const a = this.active;
    if (!a || a.failure) return;
    const full = (e as NodeJS.ErrnoException).code === 'ENOSPC';
    a.failure = full ? new HattamaError('recording.diskFull', { folder: a.session.dir }, undefined, { cause: e }) : writeError(e, a.session.dir);
    this.deps.log.error({ err: e, sessionId: a.session.sessionId }, full ? 'disk full: stopping the recording' : 'write failed: stopping the recording');
    try {
      a.session.freeReserve();
    } catch {
      // best effort
    }
    if (full) a.alarms.raise('diskFull', null, true, {});
    const mark = { type: 'error' as const, at: new Date().toISOString(), code: a.failure.code, reason: String((e as NodeJS.ErrnoException).code ?? (e as Error).message) };
    void this.finish(a, 'aborted', mark).catch((err) => this.deps.log.error({ err }, 'could not close the session after a write failure; recovery will close it'));
  }

  private async finish(a: Active, status: Manifest['status'], error: Omit<TimelineEntry, 'position'> | null): Promise<SessionSummary> {
    if (this.active !== a || a.finishing) return a.ended;
    a.finishing = true;
    a.session.beginFinish();
    clearInterval(a.syncTimer);
    a.disk.stop();
    // Stop the capture first: the audio still in its pipe goes into the last segment.
    await a.supervisor.stop();
    a.monitor.end();
    this.markCountedGap(a);
    // Video and any other track deliver their last files before the manifest is built.
    await a.session.finishAttached();
    if (error) this.mark(a, error);
    closeSegments(a);
    await a.conference?.finish();
    let manifest: Manifest;
    try {
      manifest = await a.session.seal(status, { type: 'stop', at: new Date().toISOString(), position: round3(a.audio.positionSec) });
    } catch (e) {
      abandonTracks(a);
      a.session.abandon();
      this.ended(a);
      this.failure = a.failure ?? writeError(e, a.session.dir);
      this.emitState();
      throw e;
    }
    const summary = sessionSummary({ session: a.session, track: a.audio.track, duration: round3(a.audio.positionSec), totals: a.monitor.totals(), config: a.config, alarms: a.alarms.raised }, status, manifest);
    this.ended(a);
    this.failure = a.failure;
    this.lastSummary = summary;
    this.deps.log.info({ sessionId: summary.sessionId, status, duration: summary.duration, segments: summary.segments.length }, 'recording stopped');
    this.emitState();
    a.resolveEnded(summary);
    return summary;
  }

  private ended(a: Active): void {
    this.deps.sessions.release(a.session);
    this.active = null;
    this.last = a;
    this.stateName = 'stopped';
  }

  /** A timeline mark at the audio's current position unless it names its own. */
  private mark(a: Active, m: Omit<TimelineEntry, 'position'> & { position?: number }): void {
    a.session.mark({ ...m, position: m.position ?? round3(a.audio.positionSec) });
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
