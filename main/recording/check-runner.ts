import type { MicCheck } from '../../common/contract/recording';
import { HattamaError } from '../../common/errors';
import type { EventBus } from '../runtime/event-bus';
import { micCheck } from './mic-check';
import type { WindowLevels } from './monitor';
import { roleOf, type RecordingConfig } from './recording-config';

// One microphone check at a time, with live levels on the bus. A recording takes the device
// from a running check (the recorder cancels it before it starts), whoever asked to record.

export class CheckRunner {
  private running: Promise<MicCheck> | null = null;
  private abort: AbortController | null = null;

  constructor(private readonly events: Pick<EventBus, 'emit'>) {}

  run(config: RecordingConfig, seconds: number, onPcm?: (pcm: Buffer) => void): Promise<MicCheck> {
    if (this.running) throw new HattamaError('recording.checkRunning');
    this.abort = new AbortController();
    const onLevels = (l: WindowLevels) =>
      this.events.emit('recording.levels', {
        sessionId: null,
        at: Date.now(),
        position: l.frame / config.sampleRate,
        channels: l.rmsDb.map((rms, i) => ({ channel: i + 1, role: roleOf(config, i), peakDb: l.peakDb[i]!, rmsDb: rms })),
      });
    this.running = micCheck(config, seconds, onLevels, this.abort.signal, onPcm).finally(() => {
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
