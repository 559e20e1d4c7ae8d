import { useEffect, useState, useSyncExternalStore } from 'react';
import type { HattamaApi } from '../../../common/contract/api';
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

export function api(): HattamaApi {
  if (!window.hattama) throw new Error('window.hattama is missing: no preload and no browser bridge');
  return window.hattama;
}

// Connection state: the browser bridge reports its socket; under Electron the IPC is always there.
let connection: ConnectionState = 'connected';
const connectionListeners = new Set<() => void>();
export function setConnection(s: ConnectionState): void {
  connection = s;
  for (const l of connectionListeners) l();
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
