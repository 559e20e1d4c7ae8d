import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import { HattamaError } from '../../common/errors';
import type { MicCheck } from '../../common/contract/recording';
import type { SessionHost } from '../evidence/session-host';
import { micCheck } from './mic-check';
import { roleOf } from './recording-config';
import { RecordingService, type ServiceTuning } from './recording-service';

export type RecordingCalls = 'recording.start' | 'recording.pause' | 'recording.resume' | 'recording.stop' | 'recording.state' | 'recording.check';

/**
 * The recording domain of the core: the audio recorder, which opens its sessions in the
 * evidence store's host (sessions left by a crash were recovered there before this runs).
 */
export function recordingModule(deps: CoreDeps, sessions: SessionHost, tuning: Partial<ServiceTuning> = {}): CoreModule<RecordingCalls> & { service: RecordingService } {
  const service = new RecordingService({ ...deps, sessions }, tuning);
  let checking: Promise<MicCheck> | null = null;
  let checkAbort: AbortController | null = null;
  return {
    service,
    handlers: {
      'recording.start': async (input) => {
        if (checking) {
          checkAbort?.abort();
          await checking.catch(() => undefined);
        }
        return service.start({ ...(input.caseRef ? { caseRef: input.caseRef } : {}), ...(input.hearingId !== undefined ? { hearingId: String(input.hearingId) } : {}) });
      },
      'recording.pause': ({ reason }) => service.pause(reason),
      'recording.resume': () => service.resume(),
      'recording.stop': () => service.stop(),
      'recording.state': () => service.state(),
      'recording.check': ({ seconds }) => {
        // The device is the recorder's while a session runs; its live levels already show every channel.
        const st = service.state();
        if (st.state === 'recording' || st.state === 'paused') throw new HattamaError('recording.alreadyRecording', { sessionId: st.sessionId ?? '' });
        if (checking) throw new HattamaError('recording.checkRunning');
        const config = service.configFromSettings();
        checkAbort = new AbortController();
        checking = micCheck(config, seconds, (l) =>
          deps.events.emit('recording.levels', {
            sessionId: null,
            at: Date.now(),
            position: l.frame / config.sampleRate,
            channels: l.rmsDb.map((rms, i) => ({ channel: i + 1, role: roleOf(config, i), peakDb: l.peakDb[i]!, rmsDb: rms })),
          }),
          checkAbort.signal,
        ).finally(() => {
          checking = null;
          checkAbort = null;
        });
        return checking;
      },
    },
    close: () => service.close(),
  };
}
