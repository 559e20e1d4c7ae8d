import type { AlarmKind } from '../../common/contract/recording';
import { LiveWatch } from './live-watch';
import { LIVE_WATCH, ROOM_TEST } from './thresholds';

// Confidence monitoring: per-channel peak and RMS over 100 ms windows (10 Hz), and the alarms a
// secretary must hear about at once: a dead microphone here, clipping and hum in the live watch
// (live-watch.ts, the room test's analysis). Time is counted in captured frames, so the
// thresholds follow the audio itself, not timer jitter. Every number: ./thresholds.ts.

export interface MonitorOptions {
  channels: number;
  sampleRate: number;
  windowMs: number;
  /** A channel quieter than this (RMS, dBFS) over a window is silent. */
  silenceDb: number;
  /** A window louder than this (RMS, dBFS) carries speech. */
  speechDb: number;
  /** Silent this long while another channel carries speech: dead or muted microphone. */
  deadMicMs: number;
}

export const DEFAULT_MONITOR: Omit<MonitorOptions, 'channels' | 'sampleRate'> = {
  windowMs: LIVE_WATCH.windowMs,
  silenceDb: ROOM_TEST.silentDb,
  speechDb: ROOM_TEST.speechDb,
  deadMicMs: LIVE_WATCH.deadMicMs,
};

export const SILENCE_DB = -120;

export interface WindowLevels {
  peakDb: number[];
  rmsDb: number[];
  /** Frames captured (monitored) at the end of this window. */
  frame: number;
}

export interface MonitorAlarm {
  kind: Extract<AlarmKind, 'deadMic' | 'clipping' | 'hum'>;
  channel: number; // 1-based
  active: boolean;
  params: Record<string, number>;
}

export function toDb(linear: number): number {
  if (linear <= 0) return SILENCE_DB;
  return Math.max(SILENCE_DB, 20 * Math.log10(linear / 32768));
}

export class LevelMonitor {
  private readonly windowFrames: number;
  private readonly deadFrames: number;
  private readonly sumSq: Float64Array;
  private readonly peak: Int32Array;
  private inWindow = 0;
  private frame = 0;
  private readonly lastActive: Float64Array;
  private readonly lastSpeech: Float64Array;
  private readonly deadAlarm: Uint8Array;
  /** Channels under a privacy mute: their silence is meant, never a dead microphone. */
  private readonly quiet: Uint8Array;
  private readonly watch: LiveWatch;
  /** Whole-recording RMS per channel (only what was fed with `count: true`). */
  private readonly totalSq: Float64Array;
  private readonly totalPeak: Int32Array;
  private totalFrames = 0;
  alarmsEnabled = true;

  constructor(
    readonly opts: MonitorOptions,
    private readonly onLevels: (l: WindowLevels) => void,
    private readonly onAlarm: (a: MonitorAlarm) => void,
  ) {
    const n = opts.channels;
    this.windowFrames = Math.max(1, Math.round((opts.sampleRate * opts.windowMs) / 1000));
    this.deadFrames = Math.round((opts.sampleRate * opts.deadMicMs) / 1000);
    this.sumSq = new Float64Array(n);
    this.peak = new Int32Array(n);
    this.lastActive = new Float64Array(n);
    this.lastSpeech = new Float64Array(n).fill(-Infinity);
    this.deadAlarm = new Uint8Array(n);
    this.quiet = new Uint8Array(n);
    this.watch = new LiveWatch(n, opts.sampleRate, onAlarm);
    this.totalSq = new Float64Array(n);
    this.totalPeak = new Int32Array(n);
  }

  /** Silence before this point does not count (start, resume after a pause or a gap); the live watch starts afresh. */
  resetSilence(): void {
    this.watch.reset();
    this.lastActive.fill(this.frame);
    this.lastSpeech.fill(-Infinity);
    for (let c = 0; c < this.opts.channels; c++) {
      if (this.deadAlarm[c]) {
        this.deadAlarm[c] = 0;
        this.onAlarm({ kind: 'deadMic', channel: c + 1, active: false, params: {} });
      }
    }
  }

  /** A privacy mute on (or off) for a 1-based channel: its silence raises no deadMic, and counts from the unmute only. */
  setQuiet(channel: number, on: boolean): void {
    this.quiet[channel - 1] = on ? 1 : 0;
    this.lastActive[channel - 1] = this.frame;
  }

  /** Interleaved s16le PCM, whole frames. `count`: include in the whole-recording totals. */
  feed(pcm: Buffer, count: boolean): void {
    const n = this.opts.channels;
    const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length >> 1);
    const frames = samples.length / n;
    let i = 0;
    for (let f = 0; f < frames; f++) {
      for (let c = 0; c < n; c++) {
        const s = samples[i++]!;
        const a = s < 0 ? -s : s;
        this.sumSq[c]! += s * s;
        if (a > this.peak[c]!) this.peak[c] = a;
      }
      if (++this.inWindow === this.windowFrames) {
        this.frame += this.inWindow;
        this.endWindow(count);
      }
    }
    if (this.alarmsEnabled) this.watch.feed(samples);
  }

  /** The recording ended: nothing is watched any more, so no channel alarm stays up. */
  end(): void {
    this.alarmsEnabled = false;
    this.watch.reset();
    for (let c = 0; c < this.opts.channels; c++) {
      if (this.deadAlarm[c]) {
        this.deadAlarm[c] = 0;
        this.onAlarm({ kind: 'deadMic', channel: c + 1, active: false, params: {} });
      }
    }
  }

  private endWindow(count: boolean): void {
    const n = this.opts.channels;
    const w = this.inWindow;
    const peakDb: number[] = new Array(n);
    const rmsDb: number[] = new Array(n);
    for (let c = 0; c < n; c++) {
      const rms = Math.sqrt(this.sumSq[c]! / w);
      peakDb[c] = round1(toDb(this.peak[c]!));
      rmsDb[c] = round1(toDb(rms));
      if (count) {
        if (c === 0) this.totalFrames += w;
        this.totalSq[c]! += this.sumSq[c]!;
        if (this.peak[c]! > this.totalPeak[c]!) this.totalPeak[c] = this.peak[c]!;
      }
    }
    this.onLevels({ peakDb, rmsDb, frame: this.frame });
    if (this.alarmsEnabled) this.checkAlarms(rmsDb);
    this.sumSq.fill(0);
    this.peak.fill(0);
    this.inWindow = 0;
  }

  private checkAlarms(rmsDb: number[]): void {
    const n = this.opts.channels;
    const now = this.frame;
    for (let c = 0; c < n; c++) {
      if (rmsDb[c]! > this.opts.silenceDb || this.quiet[c]) this.lastActive[c] = now;
      if (rmsDb[c]! > this.opts.speechDb) this.lastSpeech[c] = now;
    }
    for (let c = 0; c < n; c++) {
      const silentFor = now - this.lastActive[c]!;
      if (this.deadAlarm[c]) {
        if (silentFor === 0) {
          this.deadAlarm[c] = 0;
          this.onAlarm({ kind: 'deadMic', channel: c + 1, active: false, params: {} });
        }
      } else if (silentFor >= this.deadFrames) {
        let speechElsewhere = false;
        for (let d = 0; d < n; d++) if (d !== c && this.lastSpeech[d]! >= now - this.deadFrames) speechElsewhere = true;
        if (speechElsewhere) {
          this.deadAlarm[c] = 1;
          this.onAlarm({ kind: 'deadMic', channel: c + 1, active: true, params: { seconds: Math.round(silentFor / this.opts.sampleRate) } });
        }
      }
    }
  }

  /** Whole-recording levels per channel (dBFS), from what was fed with `count: true`. */
  totals(): Array<{ rmsDb: number; peakDb: number }> {
    const out: Array<{ rmsDb: number; peakDb: number }> = [];
    for (let c = 0; c < this.opts.channels; c++) {
      const frames = this.totalFrames || 1;
      out.push({ rmsDb: round1(toDb(Math.sqrt(this.totalSq[c]! / frames))), peakDb: round1(toDb(this.totalPeak[c]!)) });
    }
    return out;
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
