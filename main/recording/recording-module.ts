import type { CoreDeps, CoreModule } from '../core/module';
import { loadOrCreateStationKey } from './keys';
import { recoverAll } from './recovery';
import { RecordingService, type ServiceTuning } from './recording-service';

export type RecordingCalls = 'recording.start' | 'recording.pause' | 'recording.resume' | 'recording.stop' | 'recording.state';

/**
 * The recording domain of the core. On start it recovers sessions left unfinished by a crash or
 * a power cut (before anything new is recorded), then answers the recording.* calls.
 */
export function recordingModule(deps: CoreDeps, tuning: Partial<ServiceTuning> = {}): CoreModule<RecordingCalls> & { service: RecordingService } {
  const service = new RecordingService(deps, tuning);
  try {
    const { recovered, problems } = recoverAll({ dataDir: deps.dataDir, db: deps.db, log: deps.log, key: () => loadOrCreateStationKey(deps.dataDir) });
    for (const r of recovered) deps.log.warn({ sessionId: r.sessionId, gapMs: r.gapMs, repaired: r.repaired }, 'recovered an unfinished recording at start');
    for (const p of problems) deps.log.error(p, 'could not recover a recording session');
  } catch (e) {
    deps.log.error({ err: e }, 'recording recovery at start failed');
  }
  return {
    service,
    handlers: {
      'recording.start': (input) => service.start(input),
      'recording.pause': ({ reason }) => service.pause(reason),
      'recording.resume': () => service.resume(),
      'recording.stop': () => service.stop(),
      'recording.state': () => service.state(),
    },
    close: () => service.close(),
  };
}
