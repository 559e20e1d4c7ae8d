import { HattamaError } from '../../common/errors';
import { MAX_AUDIO_CHANNELS, SAMPLE_RATES, type Settings } from '../../common/settings';
import type { TrackInfo } from '../evidence/chain';
import type { CaptureTool } from './capture-command';
import type { MonitorOptions } from './monitor';
import { LIVE_WATCH } from './thresholds';

// What the recorder records with (from the settings, overridable per session) and how it
// behaves under trouble (tests shorten the times).

export interface RecordingConfig {
  device: string;
  channels: number;
  sampleRate: number;
  roles: string[];
  segmentSeconds: number;
  recorder?: CaptureTool;
  /** Capture period, ms (capture-command.ts); absent: the tool's default. */
  periodMs?: number;
  /** Where the conference's sound is captured (empty or absent: no conference track), and its channels. */
  conferenceDevice?: string;
  conferenceChannels?: number;
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
  /** The conference silent this long while a participant attends remotely: conferenceSilent (thresholds.ts says why). */
  conferenceSilentMs: number;
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
  conferenceSilentMs: LIVE_WATCH.conferenceSilentMs,
};

export function configFromSettings(s: Settings, overrides: Partial<RecordingConfig> = {}): RecordingConfig {
  return {
    device: s.audio.device,
    channels: s.audio.channels,
    sampleRate: s.audio.sampleRate,
    roles: s.audio.roles,
    segmentSeconds: s.segmentSeconds,
    conferenceDevice: s.audio.conferenceDevice,
    conferenceChannels: s.audio.conferenceChannels,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
}

export function validateConfig(c: RecordingConfig): void {
  if (!Number.isInteger(c.channels) || c.channels < 1 || c.channels > MAX_AUDIO_CHANNELS) {
    throw new HattamaError('recording.badChannels', { value: String(c.channels), max: MAX_AUDIO_CHANNELS });
  }
  if (!(SAMPLE_RATES as readonly number[]).includes(c.sampleRate)) {
    throw new HattamaError('recording.badRate', { value: String(c.sampleRate), rates: SAMPLE_RATES.join(', ') });
  }
  if (!(c.segmentSeconds > 0)) throw new HattamaError('recording.badSeconds', { value: String(c.segmentSeconds) });
  if (c.conferenceChannels !== undefined && c.conferenceChannels !== 1 && c.conferenceChannels !== 2) {
    throw new HattamaError('recording.badChannels', { value: String(c.conferenceChannels), max: 2 });
  }
  if (c.conferenceDevice !== undefined && c.conferenceDevice.length > 200) throw new HattamaError('app.badArgument', { detail: `conference device ${c.conferenceDevice.slice(0, 40)}…` });
}

export function roleOf(c: Pick<RecordingConfig, 'roles'>, i: number): string {
  return c.roles[i]?.trim() || `ch${i + 1}`;
}

/** The audio track as the session's chain declares it. */
export function audioTrackOf(config: RecordingConfig): TrackInfo {
  return {
    id: 'audio',
    kind: 'audio',
    format: 'wav',
    sampleRate: config.sampleRate,
    channels: config.channels,
    roles: Array.from({ length: config.channels }, (_, i) => ({ channel: i + 1, role: roleOf(config, i) })),
    device: config.device,
  };
}
