import { HattamaError } from '../../common/errors';
import { conferenceConfig } from './conference-track';
import { ConferenceWatch } from './conference-watch';
import { micCheck } from './mic-check';
import type { RecordingConfig } from './recording-config';

// The conference's sound listened to beside the microphones for the same seconds (the room test):
// its PCM for the verdict, its levels for the meters meanwhile. A device that cannot be opened or
// gives no audio is an answer (`error`), never a failed check: the room's microphones decide that.

export type ConferenceHeard =
  | { device: string; sampleRate: number; channels: number; seconds: number; pcm: Buffer }
  | { device: string; error: HattamaError };

export interface ConferenceListening {
  /** Its latest levels, for the check's level events. */
  watch: ConferenceWatch;
  heard: Promise<ConferenceHeard>;
}

/** Starts listening when a conference device is configured; null otherwise. */
export function listenConference(mic: RecordingConfig, seconds: number, signal: AbortSignal): ConferenceListening | null {
  const conf = conferenceConfig(mic);
  if (!conf || !mic.conferenceDevice) return null;
  const device = mic.conferenceDevice;
  const watch = new ConferenceWatch({ channels: conf.channels, sampleRate: conf.sampleRate, roles: conf.roles, device }, () => undefined);
  const parts: Buffer[] = [];
  const onPcm = (pcm: Buffer) => {
    watch.feed(pcm);
    parts.push(Buffer.from(pcm));
  };
  const heard = micCheck(conf, seconds, () => undefined, signal, onPcm).then(
    (c): ConferenceHeard => ({ device, sampleRate: c.sampleRate, channels: conf.channels, seconds: c.seconds, pcm: Buffer.concat(parts) }),
    (e: unknown): ConferenceHeard => ({ device, error: e instanceof HattamaError ? e : new HattamaError('recording.captureFailed', { device, detail: String(e) }) }),
  );
  return { watch, heard };
}
