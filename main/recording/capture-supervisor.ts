import { HattamaError } from '../../common/errors';
import type { Logger } from '../log/logger';
import { Capture, captureError } from './capture';
import type { RecordingConfig, ServiceTuning } from './recording-config';

// Keeps audio coming for one session: the capture process is restarted when it dies (noticed
// at once, by its exit) or stalls (no audio for `stallMs`, judged on the capture's reader
// thread, so a core that was only busy never counts as a stall). While it is down, the time counts
// as a gap in the record if the session was recording; the recorder marks the gap when the
// capture is back (or when a pause or the stop ends it first).

export interface Down {
  /** Wall time (ms) since the capture is down. */
  since: number;
  /** Whether that time is a gap in the record (false while paused). */
  counts: boolean;
}

export interface SupervisorEvents {
  /** Audio of the capture in use, with the capture-clock wall time of its first frame (and the run and its frame, for alignment). */
  data(pcm: Buffer, wallOfFirst: number, capture: Capture, firstFrame: number): void;
  /** The capture died; it is being restarted. */
  lost(): void;
  /** A restarted capture delivers again after being down. */
  restarted(down: Down, startWallMs: number): void;
}

type Pending = Array<{ pcm: Buffer; firstFrame: number }>;

/** Starts a capture and waits for its first audio (or fails with a clear error). */
export async function openCapture(config: RecordingConfig, tuning: Pick<ServiceTuning, 'firstAudioTimeoutMs' | 'stallMs'>): Promise<{ capture: Capture; pending: Pending }> {
  const { firstAudioTimeoutMs } = tuning;
  const capture = newCapture(config, tuning.stallMs);
  const pending: Pending = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      capture.kill();
      reject(new HattamaError('recording.noAudio', { device: config.device, seconds: Math.round(firstAudioTimeoutMs / 1000) }));
    }, firstAudioTimeoutMs);
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

export class CaptureSupervisor {
  private capture: Capture | null = null;
  /** Audio capture is down since, and whether that time counts as a gap. */
  down: Down | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(
    private readonly config: RecordingConfig,
    private readonly tuning: ServiceTuning,
    private readonly log: Logger,
    private readonly recording: () => boolean,
    private readonly events: SupervisorEvents,
  ) {}

  /** Takes over the capture that delivered the first audio (and that audio). */
  run(capture: Capture, pending: Pending): void {
    this.attach(capture);
    for (const c of pending) this.events.data(c.pcm, capture.wallOfFrame(c.firstFrame), capture, c.firstFrame);
  }

  /** Starts with no capture (the first one did not open): down from now, and retried. */
  runLater(): void {
    this.down = { since: Date.now(), counts: false };
    const retry = setTimeout(() => this.restart(), this.tuning.retryDelayMs);
    retry.unref();
    this.timers.push(retry);
  }

  /** The capture run in use (tests look at its own sample count). */
  get current(): Capture | null {
    return this.capture;
  }

  get capturing(): boolean {
    return Boolean(this.capture?.running && !this.down);
  }

  /** A pause or the stop while down: the gap counted so far ends here. Returns it, if any. */
  endCountedGap(): { since: number; gapMs: number } | null {
    if (!this.down?.counts) return null;
    const gap = { since: this.down.since, gapMs: Math.max(0, Date.now() - this.down.since) };
    this.down = { since: Date.now(), counts: false };
    return gap;
  }

  /** Resumed while down: from now on the missing time counts. */
  countFromNow(): void {
    if (this.down) this.down = { since: Date.now(), counts: true };
  }

  /** Stops the capture; the audio still in its pipe is delivered first. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    const capture = this.capture;
    if (capture) await capture.stop();
    this.capture = null;
  }

  private attach(capture: Capture): void {
    this.capture = capture;
    capture.on('data', (c) => {
      if (capture === this.capture) this.events.data(c.pcm, capture.wallOfFrame(c.firstFrame), capture, c.firstFrame);
    });
    capture.on('exit', (x) => this.onExit(capture, x));
  }

  private onExit(capture: Capture, x: { code: number | null; signal: string | null; expected: boolean; stalled: boolean; stderr: string }): void {
    if (this.stopped || capture !== this.capture || x.expected) return;
    const since = capture.startWallMs === null ? Date.now() : capture.wallOfFrame(capture.frames);
    this.log.error({ code: x.code, signal: x.signal, stderr: x.stderr.slice(-500), frames: capture.frames }, x.stalled ? 'audio capture stalled; restarting it' : 'audio capture died');
    this.capture = null;
    if (!this.down) {
      this.down = { since, counts: this.recording() };
      this.events.lost();
    }
    const t = setTimeout(() => this.restart(), capture.frames > 0 ? this.tuning.restartDelayMs : this.tuning.retryDelayMs);
    t.unref();
    this.timers.push(t);
  }

  private restart(): void {
    if (this.stopped || this.capture) return;
    const capture = newCapture(this.config, this.tuning.stallMs);
    capture.once('data', () => this.onRestarted(capture));
    this.attach(capture);
    try {
      capture.start();
    } catch (e) {
      this.log.error({ err: e }, 'capture restart failed');
    }
  }

  private onRestarted(capture: Capture): void {
    if (!this.down || capture !== this.capture) return;
    const down = this.down;
    this.down = null;
    this.events.restarted(down, capture.startWallMs!);
  }
}

function newCapture(config: RecordingConfig, stallMs: number): Capture {
  return new Capture({ device: config.device, channels: config.channels, sampleRate: config.sampleRate, stallMs, ...(config.recorder ? { recorder: config.recorder } : {}), ...(config.periodMs ? { periodMs: config.periodMs } : {}) });
}
