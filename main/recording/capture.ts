import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { HattamaError } from '../../common/errors';
import { BYTES_PER_SAMPLE } from '../evidence/wav';
import { captureCommand, type CaptureTool, defaultRecorder } from './capture-command';
import type { ReaderCommand, ReaderMessage } from './capture-reader';
import { ClockEstimate } from './clock-estimate';
import { startReaderThread } from './reader-thread';

// One run of the capture tool (capture-command.ts: arecord on Linux, sox elsewhere), read on a
// thread of its own (capture-reader.ts says why): a busy core never makes the device overrun,
// and a stall is judged by when audio left the tool, not by when the core got to it.
//
// The capture clock: `startWallMs` is the wall time of this run's first sample (arrival of the
// first chunk minus its duration) and every later sample is placed by counting frames from
// there, so segment start times follow the audio interface, not the jitter of pipe reads.
// `clock` refines that start from every chunk (and follows drift), for aligning two captures.

export interface CaptureOptions {
  device: string;
  channels: number;
  sampleRate: number;
  /** Override for tests and other platforms. */
  recorder?: CaptureTool;
  /** Capture period, ms (capture-command.ts says when and why); absent: the tool's default. */
  periodMs?: number;
  /** No audio for this long once audio has come: the run is ended as stalled (absent: never). */
  stallMs?: number;
}

export interface CaptureChunk {
  /** Whole frames only. */
  pcm: Buffer;
  frames: number;
  /** Frames of this run before this chunk. */
  firstFrame: number;
}

export interface CaptureEvents {
  data: [CaptureChunk];
  /** The process ended. `expected` is true after stop(). */
  exit: [{ code: number | null; signal: string | null; expected: boolean; stalled: boolean; stderr: string; frames: number }];
}

export class Capture extends EventEmitter<CaptureEvents> {
  readonly frameBytes: number;
  /** Frames delivered by this run. */
  frames = 0;
  startWallMs: number | null = null;
  /** When the last chunk left the tool (its arrival on the reader thread). */
  lastDataAt = 0;
  readonly clock: ClockEstimate;
  private reader: Worker | null = null;
  private pidOf: number | undefined;
  private carry: Buffer = Buffer.alloc(0);
  private stopping = false;
  private stderr = '';
  private exited = false;
  private exitPromise: Promise<void>;
  private resolveExit!: () => void;

  constructor(readonly opts: CaptureOptions) {
    super();
    this.frameBytes = opts.channels * BYTES_PER_SAMPLE;
    this.clock = new ClockEstimate(opts.sampleRate);
    this.exitPromise = new Promise((r) => (this.resolveExit = r));
  }

  get pid(): number | undefined {
    return this.pidOf;
  }

  get running(): boolean {
    return this.reader !== null && !this.exited;
  }

  start(): void {
    const { cmd, args, env } = captureCommand(this.opts.recorder ?? defaultRecorder(), this.opts);
    const reader = startReaderThread({ cmd, args, ...(env ? { env } : {}), stallMs: this.opts.stallMs ?? 0 });
    this.reader = reader;
    reader.on('message', (m: ReaderMessage) => {
      if (m.type === 'data') this.onData(Buffer.from(m.bytes), m.at);
      else if (m.type === 'spawned') this.pidOf = m.pid;
      else if (m.type === 'stderr') {
        if (this.stderr.length < 8192) this.stderr += m.text;
      } else {
        void reader.terminate();
        this.ended(m.code, m.signal, m.stalled);
      }
    });
    // The thread itself failed (its script did not load): the run ends, saying why.
    reader.on('error', (e) => {
      this.stderr += `${e.message}\n`;
      this.ended(null, null, false);
    });
    reader.on('exit', () => this.ended(null, null, false));
  }

  private ended(code: number | null, signal: string | null, stalled: boolean): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('exit', { code, signal, expected: this.stopping, stalled, stderr: this.stderr.trim(), frames: this.frames });
    this.resolveExit();
  }

  private signal(signal: ReaderCommand['signal']): void {
    if (this.reader && !this.exited) this.reader.postMessage({ type: 'signal', signal } satisfies ReaderCommand);
  }

  private onData(b: Buffer, now: number): void {
    let buf = this.carry.length ? Buffer.concat([this.carry, b]) : b;
    const whole = buf.length - (buf.length % this.frameBytes);
    this.carry = whole === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(whole));
    if (whole === 0) return;
    buf = buf.subarray(0, whole);
    const frames = whole / this.frameBytes;
    if (this.startWallMs === null) this.startWallMs = now - (frames / this.opts.sampleRate) * 1000;
    this.lastDataAt = now;
    const firstFrame = this.frames;
    this.frames += frames;
    this.clock.observe(now, this.frames);
    this.emit('data', { pcm: buf, frames, firstFrame });
  }

  /** Wall time (ms) of a frame of this run, on the capture clock. */
  wallOfFrame(frame: number): number {
    return (this.startWallMs ?? Date.now()) + (frame / this.opts.sampleRate) * 1000;
  }

  /** SIGTERM, then waits for the process and its last buffered audio. */
  async stop(timeoutMs = 3000): Promise<void> {
    if (!this.reader || this.exited) return;
    this.stopping = true;
    this.signal('SIGTERM');
    const t = setTimeout(() => this.signal('SIGKILL'), timeoutMs);
    await this.exitPromise;
    clearTimeout(t);
  }

  /** Ends the run hard (a first audio that never came; a stall is ended by the reader thread); the exit is reported as unexpected. */
  kill(): void {
    this.signal('SIGKILL');
  }

  whenExited(): Promise<void> {
    return this.exitPromise;
  }
}

/** Turns the capture tool's complaint about a device into a translated error. */
export function captureError(device: string, stderr: string): HattamaError {
  if (/unknown pcm|no such file|no such device|cannot find card|can't open|invalid device|not found/i.test(stderr)) {
    return new HattamaError('recording.deviceNotFound', { device });
  }
  if (/ENOENT|spawn/.test(stderr)) return new HattamaError('recording.captureFailed', { device, detail: stderr.split('\n')[0] ?? '' });
  const line = stderr.split('\n').filter((l) => l.trim()).slice(-1)[0] ?? 'exited';
  return new HattamaError('recording.captureFailed', { device, detail: line.slice(0, 300) });
}
