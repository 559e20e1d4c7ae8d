import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import type { SessionHost } from '../evidence/session-host';
import { listCaptureDevices } from './device-list';
import { RecordingService, type ServiceTuning } from './recording-service';

// The recorder's start/pause/resume/stop/state calls are answered by main/hearing, which drives
// this service: no door moves a hearing's recording behind the hearing's back.
export type RecordingCalls = 'recording.check' | 'recording.devices';

/**
 * The recording domain of the core: the audio recorder, which opens its sessions in the
 * evidence store's host (sessions left by a crash were recovered there before this runs).
 */
export function recordingModule(deps: CoreDeps, sessions: SessionHost, tuning: Partial<ServiceTuning> = {}): CoreModule<RecordingCalls> & { service: RecordingService } {
  const service = new RecordingService({ ...deps, sessions }, tuning);
  return {
    service,
    handlers: {
      'recording.check': ({ seconds }) => service.check(seconds),
      'recording.devices': () => listCaptureDevices(deps.settings.get().audio.device),
    },
    close: () => service.close(),
  };
}
