import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import { loadOrCreateStationKey } from './keys';
import { recoverAll } from './recovery';
import { HattamaError } from '../../common/errors';
import type { MicCheck } from '../../common/contract/recording';
import { micCheck } from './mic-check';
import { RecordingService, roleOf, type ServiceTuning } from './recording-service';

export type RecordingCalls = 'recording.start' | 'recording.pause' | 'recording.resume' | 'recording.stop' | 'recording.state' | 'recording.check';

/**
 * The recording domain of the core. On start it recovers sessions left unfinished by a crash or
 * a power cut (before anything new is recorded), then answers the recording.* calls.
 */
export function recordingModule(deps: CoreDeps, tuning: Partial<ServiceTuning> = {}): CoreModule<RecordingCalls> & { service: RecordingService } {
  const service = new RecordingService(deps, tuning);
  let checking: Promise<MicCheck> | null = null;
  let checkAbort: AbortController | null = null;
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
      'recording.start': async (input) => {
        if (checking) {
          checkAbort?.abort();
          await checking.catch(() => undefined);
        }
        return service.start(input);
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
