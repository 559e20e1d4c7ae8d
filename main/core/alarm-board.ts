import type { Alarm } from '../../common/contract/recording';
import type { AlarmRef, BoardAlarm } from '../../common/contract/app';
import { HattamaError } from '../../common/errors';
import type { EventBus } from '../runtime/event-bus';

/** One alarm per condition: the same kind on the same channel, track or hearing is the same alarm. */
export const alarmKey = (a: Pick<Alarm, 'kind' | 'channel' | 'params'> | AlarmRef): string => {
  const p = 'params' in a ? a.params : { track: a.track, hearingId: a.hearingId };
  return `${a.kind}:${a.channel ?? p.track ?? p.hearingId ?? '-'}`;
};

export interface AlarmBoard {
  /** What is up, each condition once with how often it was raised and who acknowledged it. */
  active(): BoardAlarm[];
  /** One person saw it: it is theirs no more (others still see it). The dispatcher audits the call. */
  acknowledge(ref: AlarmRef, person: { id: number; fullName: string }): BoardAlarm;
  close(): void;
}

/**
 * The alarms that are up right now, from the bus: a client that connects late (a reloaded page,
 * `hattama status`) sees what the recorder and the hearing raised before it came. The same
 * condition raised again while up is counted, not listed twice; acknowledging is per person.
 * Every change is pushed as `app.alarms`.
 */
export function alarmBoard(events: EventBus): AlarmBoard {
  const up = new Map<string, BoardAlarm>();
  const list = () => [...up.values()];
  const changed = () => events.emit('app.alarms', list());
  const off = events.on('recording.alarm', (a) => {
    const key = alarmKey(a);
    const was = up.get(key);
    if (!a.active) {
      if (up.delete(key)) changed();
      return;
    }
    up.set(key, { ...a, key, count: (was?.count ?? 0) + 1, firstAt: was?.firstAt ?? a.at, acknowledgedBy: was?.acknowledgedBy ?? [] });
    changed();
  });
  return {
    active: list,
    acknowledge(ref, person) {
      const key = alarmKey(ref);
      const a = up.get(key);
      if (!a) throw new HattamaError('app.alarmNotUp', { kind: ref.kind });
      if (!a.acknowledgedBy.some((x) => x.personId === person.id)) {
        a.acknowledgedBy = [...a.acknowledgedBy, { personId: person.id, name: person.fullName, at: Date.now() }];
        changed();
      }
      return a;
    },
    close: off,
  };
}
