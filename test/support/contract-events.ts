import { events as contractEvents, type EventName } from '../../common/contract/index';
import type { EventBus } from '../../main/runtime/event-bus';

// Every event the core puts on its bus must be what the contract says: the transports pass
// them on unchecked, so a payload that drifted from its schema would only show in the UI.

export interface EventAudit {
  /** Events whose payload did not parse, with the first issue. */
  readonly bad: string[];
  /** How many events were checked, by name. */
  readonly seen: Map<EventName, number>;
  stop(): void;
}

export function auditEvents(bus: EventBus): EventAudit {
  const bad: string[] = [];
  const seen = new Map<EventName, number>();
  const stop = bus.onAny((name, payload) => {
    seen.set(name, (seen.get(name) ?? 0) + 1);
    const r = contractEvents[name].payload.safeParse(payload);
    if (!r.success) bad.push(`${name}: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`);
  });
  return { bad, seen, stop };
}
