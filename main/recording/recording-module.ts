import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import type { SessionHost } from '../evidence/session-host';
import { RecordingService, type ServiceTuning } from './recording-service';

export type RecordingCalls = 'recording.start' | 'recording.pause' | 'recording.resume' | 'recording.stop' | 'recording.state' | 'recording.check';

/**
 * The recording domain of the core: the audio recorder, which opens its sessions in the
 * evidence store's host (sessions left by a crash were recovered there before this runs).
 */
export function recordingModule(deps: CoreDeps, sessions: SessionHost, tuning: Partial<ServiceTuning> = {}): CoreModule<RecordingCalls> & { service: RecordingService } {
  const service = new RecordingService({ ...deps, sessions }, tuning);
  return {
    service,
    handlers: {
      'recording.start': (input) =>
        service.start({ ...(input.caseRef ? { caseRef: input.caseRef } : {}), ...(input.hearingId !== undefined ? { hearingId: String(input.hearingId) } : {}) }),
      'recording.pause': ({ reason }) => service.pause(reason),
      'recording.resume': () => service.resume(),
      'recording.stop': () => service.stop(),
      'recording.state': () => service.state(),
      'recording.check': ({ seconds }) => service.check(seconds),
    },
    close: () => service.close(),
  };
}
