import { useEffect, useState, useSyncExternalStore } from 'react';
import { ACCESS } from '../../../common/contract/access';
import type { HattamaApi } from '../../../common/contract/api';
import type { CallName } from '../../../common/contract/index';
import type { ErrorPayload, Result } from '../../../common/errors';
import type { ConnectionState } from '../bridge/browser-bridge';

declare global {
  interface Window {
    hattama?: HattamaApi;
  }
}

/** A failed call, as the UI shows it: the core already translated the message. */
export class CallError extends Error {
  constructor(readonly payload: ErrorPayload) {
    super(payload.message);
  }
}

export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new CallError(r.error);
}

/** What the sign-in screens learn from every answer: a refusal for want of a person, or a call the core counted as activity. */
export interface CallObserver {
  refused(code: 'auth.required' | 'auth.locked', message: string): void;
  /** A call that needed a person went through: the core's idle clock starts again from now. */
  personCall(name: CallName): void;
}
let observer: CallObserver | null = null;
export function observeCalls(o: CallObserver): void {
  observer = o;
}

let observed: { raw: HattamaApi; api: HattamaApi } | null = null;

/** window.hattama, with every answer shown to the observer (the same calls, the same results). */
export function api(): HattamaApi {
  const raw = window.hattama;
  if (!raw) throw new Error('window.hattama is missing: no preload and no browser bridge');
  if (observed?.raw !== raw) observed = { raw, api: observe(raw) };
  return observed.api;
}

function observe(raw: HattamaApi): HattamaApi {
  const out: Record<string, unknown> = { on: raw.on };
  for (const [ns, methods] of Object.entries(raw as unknown as Record<string, Record<string, (i: unknown) => Promise<Result<unknown>>>>)) {
    if (ns === 'on') continue;
    const wrapped: Record<string, (i: unknown) => Promise<Result<unknown>>> = {};
    for (const [method, fn] of Object.entries(methods)) {
      const name = `${ns}.${method}` as CallName;
      wrapped[method] = async (input) => {
        const r = await fn(input);
        if (!r.ok && (r.error.code === 'auth.required' || r.error.code === 'auth.locked')) observer?.refused(r.error.code, r.error.message);
        else if (r.ok && ACCESS[name] !== 'door') observer?.personCall(name);
        return r;
      };
    }
    out[ns] = wrapped;
  }
  return out as unknown as HattamaApi;
}

// Connection state: the browser bridge reports its socket; under Electron the IPC is always there.
let connection: ConnectionState = 'connected';
const connectionListeners = new Set<() => void>();
export function setConnection(s: ConnectionState): void {
  connection = s;
  for (const l of connectionListeners) l();
}
/** Called on every change of the connection (a reconnected bridge is a new connection: nobody is signed in on it). */
export function onConnection(l: (s: ConnectionState) => void): () => void {
  const f = () => l(connection);
  connectionListeners.add(f);
  return () => connectionListeners.delete(f);
}
export function useConnection(): ConnectionState {
  return useSyncExternalStore(
    (l) => {
      connectionListeners.add(l);
      return () => connectionListeners.delete(l);
    },
    () => connection,
  );
}

/** The latest payload of a core event, seeded by a call (so the UI is right before the first push). */
export function useCoreValue<T>(load: () => Promise<Result<T>>, subscribe: (h: (v: T) => void) => () => void): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let live = true;
    void load().then((r) => live && r.ok && setValue(r.value));
    const off = subscribe((v) => live && setValue(v));
    return () => {
      live = false;
      off();
    };
    // load/subscribe are stable api functions
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return value;
}
