import { freeBytes } from '../fs/free-space';
import type { Status } from '../../common/contract/app';
import { bytesPerHour } from '../../common/settings';
import type { SettingsProblem } from '../settings/settings-store';
import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import { HattamaError } from '../../common/errors';
import { actor } from '../runtime/handlers';
import { alarmBoard } from './alarm-board';

export const VERSION = '0.1.0';
const STATUS_PERIOD_MS = 2000;

export function status(deps: CoreDeps, problems: readonly SettingsProblem[]): Status {
  const s = deps.settings.get();
  // Unknown free space reads as none: the status bar then says so rather than promise hours.
  const free = freeBytes(deps.dataDir) ?? 0;
  return {
    stationId: s.stationId,
    dataDir: deps.dataDir,
    freeBytes: free,
    freeHours: free / bytesPerHour(s.audio),
    channels: s.audio.channels,
    now: Date.now(),
    version: VERSION,
    settingsProblems: [...problems],
  };
}

/** Status bar data, answered on request and pushed every 2 s and on every settings change. */
export function appModule(deps: CoreDeps): CoreModule<'app.status' | 'app.alarms' | 'app.acknowledgeAlarm' | 'app.ping' | 'settings.get' | 'settings.update'> {
  const alarms = alarmBoard(deps.events);
  const push = () => {
    try {
      deps.events.emit('app.status', status(deps, deps.settings.problems));
    } catch (e) {
      deps.log.warn({ err: e }, 'status push failed');
    }
  };
  const timer = setInterval(push, STATUS_PERIOD_MS);
  timer.unref();
  const offSettings = deps.settings.onChange((s) => {
    deps.events.emit('settings.changed', s);
    push();
  });
  return {
    handlers: {
      'app.status': () => status(deps, deps.settings.problems),
      'app.alarms': () => alarms.active(),
      'app.acknowledgeAlarm': (ref, ctx) => {
        const person = actor(ctx);
        if (!person) throw new HattamaError('auth.required');
        return alarms.acknowledge(ref, person);
      },
      'app.ping': ({ n }) => ({ n }),
      'settings.get': () => deps.settings.get(),
      'settings.update': ({ patch }) => {
        const next = deps.settings.update(patch);
        deps.log.info({ patch }, 'settings changed');
        return next;
      },
    },
    close() {
      clearInterval(timer);
      offSettings();
      alarms.close();
    },
  };
}
