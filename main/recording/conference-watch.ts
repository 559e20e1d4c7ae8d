import type { Levels } from '../../common/contract/recording';
import { DEFAULT_MONITOR, LevelMonitor, type WindowLevels } from './monitor';
import { LIVE_WATCH, ROOM_TEST } from './thresholds';

// The conference track watched live: its levels (100 ms windows, as the microphones') for the
// secretary's meter, and its silence. Silence is an alarm only while a participant attends
// remotely (the hearing tells the recorder, setExpected): a conference device that carries nothing
// when nobody is on the call is the normal case. Time is counted in the conference's own captured
// frames, so a capture that is down counts no silence (conferenceLost says that instead).

export type ChannelLevels = NonNullable<Levels['conference']>;

export interface ConferenceWatchOptions {
  channels: number;
  sampleRate: number;
  roles: string[];
  /** The configured device, named in the alarm. */
  device: string;
  silentDb?: number;
  silentMs?: number;
  /** How old the last window may be and still be shown (ms); older: the meter shows nothing. */
  freshMs?: number;
  now?: () => number;
}

export class ConferenceWatch {
  private readonly monitor: LevelMonitor;
  private readonly silentDb: number;
  private readonly silentFrames: number;
  private readonly freshMs: number;
  private readonly now: () => number;
  private latest: { levels: ChannelLevels; at: number } | null = null;
  /** Frames of the conference captured (monitored) so far, and the frame of its last sound. */
  private frame = 0;
  private lastSound = 0;
  private expected = false;
  private enabled = true;
  private up = false;

  constructor(
    private readonly opts: ConferenceWatchOptions,
    private readonly onAlarm: (active: boolean, params: Record<string, number | string>) => void,
  ) {
    this.silentDb = opts.silentDb ?? ROOM_TEST.silentDb;
    this.silentFrames = Math.round(((opts.silentMs ?? LIVE_WATCH.conferenceSilentMs) * opts.sampleRate) / 1000);
    this.freshMs = opts.freshMs ?? 1000;
    this.now = opts.now ?? Date.now;
    this.monitor = new LevelMonitor({ ...DEFAULT_MONITOR, channels: opts.channels, sampleRate: opts.sampleRate }, (l) => this.onWindow(l), () => undefined);
    this.monitor.alarmsEnabled = false;
  }

  /** Interleaved s16le PCM of the conference capture, whole frames. */
  feed(pcm: Buffer): void {
    this.monitor.feed(pcm, false);
  }

  /** Whether a participant attends remotely now; silence counts from the moment one does. */
  setExpected(on: boolean): void {
    if (on === this.expected) return;
    this.expected = on;
    this.lastSound = this.frame;
    if (!on) this.clear();
  }

  /** Off while the recording is paused (a recess is rightly silent), on again at resume, counting afresh. */
  setEnabled(on: boolean): void {
    this.enabled = on;
    this.lastSound = this.frame;
    if (!on) this.clear();
  }

  /** The last window's levels per channel, if recent; undefined while the capture delivers nothing. */
  levels(): ChannelLevels | undefined {
    return this.latest && this.now() - this.latest.at <= this.freshMs ? this.latest.levels : undefined;
  }

  /** The session ended: no alarm stays up. */
  end(): void {
    this.enabled = false;
    this.clear();
  }

  get silentAlarmUp(): boolean {
    return this.up;
  }

  private onWindow(l: WindowLevels): void {
    this.frame = l.frame;
    this.latest = { at: this.now(), levels: l.rmsDb.map((rms, i) => ({ channel: i + 1, role: this.opts.roles[i] ?? `conference-${i + 1}`, peakDb: l.peakDb[i]!, rmsDb: rms })) };
    const loud = l.rmsDb.some((db) => db > this.silentDb);
    if (loud || !this.expected || !this.enabled) {
      this.lastSound = l.frame;
      if (loud) this.clear();
      return;
    }
    if (!this.up && l.frame - this.lastSound >= this.silentFrames) {
      this.up = true;
      this.onAlarm(true, { device: this.opts.device, seconds: Math.round((l.frame - this.lastSound) / this.opts.sampleRate) });
    }
  }

  private clear(): void {
    if (!this.up) return;
    this.up = false;
    this.onAlarm(false, { device: this.opts.device });
  }
}
