import { EventEmitter } from 'node:events';
import { events, type EventName, type EventPayload } from '../../common/contract/index';

type Listener = (name: EventName, payload: unknown) => void;

/** The core's outgoing events, typed by the contract. Transports listen to all of them. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  /**
   * @param check parse every payload against the contract before it goes out and throw on a
   *   mismatch: on in the test suites (HATTAMA_CHECK_EVENTS=1, set by the vitest and Playwright
   *   configs), so a core bug surfaces in the test that caused it, not as a confused screen.
   */
  constructor(private readonly check = process.env.HATTAMA_CHECK_EVENTS === '1') {
    this.emitter.setMaxListeners(100);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    if (this.check) {
      const r = events[name].payload.safeParse(payload);
      if (!r.success) throw new Error(`event ${name} does not match the contract: ${r.error.message}`);
    }
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
