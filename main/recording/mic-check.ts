import { HattamaError } from '../../common/errors';
import type { MicCheck } from '../../common/contract/recording';
import { Capture, captureError } from './capture';
import { DEFAULT_MONITOR, LevelMonitor, type WindowLevels } from './monitor';
import { roleOf, type RecordingConfig } from './recording-config';

// The technician's check before a hearing: listen to every channel for a few seconds, without
// writing a session, and say which microphones are silent or clipping. Levels stream live
// while it runs, so the technician can tap each microphone and watch its meter move.

/** Peak at or above this (dBFS) counts as clipping. */
const CLIP_DB = -0.5;

export async function micCheck(
  config: Pick<RecordingConfig, 'device' | 'channels' | 'sampleRate' | 'roles' | 'recorder'>,
  seconds: number,
  onLevels: (l: WindowLevels) => void,
  signal?: AbortSignal,
  /** The PCM listened to, as it arrives (the room test keeps it); absent: nothing is kept. */
  onPcm?: (pcm: Buffer) => void,
): Promise<MicCheck> {
  const capture = new Capture({ device: config.device, channels: config.channels, sampleRate: config.sampleRate, ...(config.recorder ? { recorder: config.recorder } : {}) });
  const monitor = new LevelMonitor({ ...DEFAULT_MONITOR, channels: config.channels, sampleRate: config.sampleRate }, onLevels, () => undefined);
  monitor.alarmsEnabled = false;
  const wanted = Math.round(seconds * config.sampleRate);
  let fed = 0;

  const done = new Promise<void>((resolve, reject) => {
    capture.on('data', ({ pcm, frames }) => {
      if (fed >= wanted) return;
      const take = Math.min(frames, wanted - fed);
      const part = take === frames ? pcm : pcm.subarray(0, take * capture.frameBytes);
      monitor.feed(part, true);
      onPcm?.(part);
      fed += take;
      if (fed >= wanted) resolve();
    });
    capture.on('exit', (e) => {
      if (fed < wanted) reject(captureError(config.device, e.stderr || `exit ${e.code ?? e.signal}`));
    });
  });
  // A device that opens but never delivers audio must not hang the check.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HattamaError('recording.noAudio', { device: config.device, seconds: seconds + 5 })), (seconds + 5) * 1000);
  });
  // Cancelled (the secretary pressed start): the recorder gets the device at once.
  const cancelled = new Promise<never>((_, reject) => {
    const abort = () => reject(new HattamaError('recording.checkCancelled'));
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort, { once: true });
  });
  capture.start();
  try {
    await Promise.race([done, timeout, cancelled]);
  } finally {
    clearTimeout(timer);
    await capture.stop();
  }

  return {
    device: config.device,
    sampleRate: config.sampleRate,
    seconds: fed / config.sampleRate,
    channels: monitor.totals().map((t, i) => ({
      channel: i + 1,
      role: roleOf(config, i),
      peakDb: t.peakDb,
      rmsDb: t.rmsDb,
      verdict: t.peakDb >= CLIP_DB ? 'clipping' : t.rmsDb <= DEFAULT_MONITOR.silenceDb ? 'silent' : 'ok',
    })),
  };
}
