import type { Alarm } from '../../common/contract/recording';
import type { EventBus } from '../runtime/event-bus';

/** One alarm per condition: the same kind on the same channel, track or hearing replaces the last. */
const keyOf = (a: Alarm): string => `${a.kind}:${a.channel ?? a.params.track ?? a.params.hearingId ?? '-'}`;

/**
 * The alarms that are up right now, from the bus: a client that connects late (a reloaded page,
 * `hattama status`) sees what the recorder and the hearing raised before it came.
 */
export function alarmBoard(events: EventBus): { active(): Alarm[]; close(): void } {
  const up = new Map<string, Alarm>();
  const off = events.on('recording.alarm', (a) => {
    if (a.active) up.set(keyOf(a), a);
    else up.delete(keyOf(a));
  });
  return { active: () => [...up.values()], close: off };
}
