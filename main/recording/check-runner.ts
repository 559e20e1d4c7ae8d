import type { MicCheck } from '../../common/contract/recording';
import { HattamaError } from '../../common/errors';
import type { EventBus } from '../runtime/event-bus';
import { listenConference, type ConferenceHeard } from './conference-check';
import { micCheck } from './mic-check';
import type { WindowLevels } from './monitor';
import { roleOf, type RecordingConfig } from './recording-config';

// One microphone check at a time, with live levels on the bus. A recording takes the device
// from a running check (the recorder cancels it before it starts), whoever asked to record.
// The room test also listens to the conference device, if one is set, for the same seconds.

export type CheckHeard = MicCheck & { conference?: ConferenceHeard | null };

export interface CheckOptions {
  /** The PCM of the microphones as it arrives (the room test keeps it). */
  onPcm?: (pcm: Buffer) => void;
  /** Listen to the conference device too (null in the answer when none is set). */
  conference?: boolean;
}

export class CheckRunner {
  private running: Promise<CheckHeard> | null = null;
  private abort: AbortController | null = null;

  constructor(private readonly events: Pick<EventBus, 'emit'>) {}

  run(config: RecordingConfig, seconds: number, opts: CheckOptions = {}): Promise<CheckHeard> {
    if (this.running) throw new HattamaError('recording.checkRunning');
    const abort = new AbortController();
    this.abort = abort;
    const conf = opts.conference ? listenConference(config, seconds, abort.signal) : null;
    const onLevels = (l: WindowLevels) => {
      const c = conf?.watch.levels();
      this.events.emit('recording.levels', {
        sessionId: null,
        at: Date.now(),
        position: l.frame / config.sampleRate,
        channels: l.rmsDb.map((rms, i) => ({ channel: i + 1, role: roleOf(config, i), peakDb: l.peakDb[i]!, rmsDb: rms })),
        ...(c ? { conference: c } : {}),
      });
    };
    this.running = (async (): Promise<CheckHeard> => {
      let mics: MicCheck;
      try {
        mics = await micCheck(config, seconds, onLevels, abort.signal, opts.onPcm);
      } catch (e) {
        // The microphones failed or were cancelled: the conference lets go of its device too.
        abort.abort();
        await conf?.heard;
        throw e;
      }
      return opts.conference ? { ...mics, conference: conf ? await conf.heard : null } : mics;
    })().finally(() => {
      this.running = null;
      this.abort = null;
    });
    return this.running;
  }

  /** Stops a running check and waits until it has let go of the device. */
  async cancel(): Promise<void> {
    if (!this.running) return;
    this.abort?.abort();
    await this.running.catch(() => undefined);
  }
}
