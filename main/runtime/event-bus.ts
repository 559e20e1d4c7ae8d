import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../common/contract/index';

type Listener = (name: EventName, payload: unknown) => void;

/** The core's outgoing events, typed by the contract. Transports listen to all of them. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.emitter.emit('event', name, payload);
  }

  /** Every event, for a transport (IPC, WebSocket). Returns the unsubscribe function. */
  onAny(listener: Listener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** One event, for in-core consumers and tests. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    const l: Listener = (n, p) => {
      if (n === name) listener(p as EventPayload<E>);
    };
    return this.onAny(l);
  }
}
