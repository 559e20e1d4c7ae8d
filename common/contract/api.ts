import type { Result } from '../errors';
import { CALL_NAMES, EVENT_NAMES, type CallInput, type CallName, type CallOutput, type EventName, type EventPayload } from './index';

// The shape of `window.hattama`, derived from the contract: one namespace per domain, one
// named method per call ("settings.update" -> hattama.settings.update(input)) and one named
// subscription per event ("app.status" -> hattama.on.app.status(handler)). No generic invoke.

type Namespace<N extends string> = N extends `${infer NS}.${string}` ? NS : never;

type CallFn<K extends CallName> = (input: CallInput<K>) => Promise<Result<CallOutput<K>>>;
type Unsubscribe = () => void;
type EventFn<E extends EventName> = (handler: (payload: EventPayload<E>) => void) => Unsubscribe;

export type HattamaApi = {
  [NS in Namespace<CallName>]: { [K in CallName as K extends `${NS}.${infer M}` ? M : never]: CallFn<K> };
} & {
  on: { [NS in Namespace<EventName>]: { [E in EventName as E extends `${NS}.${infer M}` ? M : never]: EventFn<E> } };
};

export interface Transport {
  invoke(name: CallName, input: unknown): Promise<Result<unknown>>;
  subscribe(name: EventName, handler: (payload: unknown) => void): Unsubscribe;
}

/** Builds the API object over a transport; used by the preload and by the browser bridge. */
export function buildApi(transport: Transport): HattamaApi {
  const api: Record<string, Record<string, unknown>> = { on: {} };
  for (const name of CALL_NAMES) {
    const [ns, method] = split(name);
    (api[ns] ??= {})[method] = (input: unknown) => transport.invoke(name, input ?? {});
  }
  const on = api.on as Record<string, Record<string, unknown>>;
  for (const name of EVENT_NAMES) {
    const [ns, method] = split(name);
    (on[ns] ??= {})[method] = (handler: (payload: unknown) => void) => {
      if (typeof handler !== 'function') throw new TypeError(`handler for ${name} must be a function`);
      return transport.subscribe(name, handler);
    };
  }
  return api as unknown as HattamaApi;
}

function split(name: string): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}
