import { buildApi, type HattamaApi, type Transport } from '../../../common/contract/api';
import type { CallName, EventName } from '../../../common/contract/index';
import type { Result } from '../../../common/errors';

// In a plain browser (`hattama serve`) there is no preload: this gives the page the same
// `window.hattama` object over the WebSocket bridge. Under Electron the preload has already
// defined it and this module does nothing.

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';
type Pending = { resolve: (r: Result<unknown>) => void };

const RETRY_MS = [250, 500, 1000, 2000, 4000];

export function installBrowserBridge(onState: (s: ConnectionState) => void): HattamaApi {
  const hashToken = new URLSearchParams(location.hash.slice(1)).get('token');
  if (hashToken) {
    sessionStorage.setItem('hattama.token', hashToken);
    history.replaceState(null, '', location.pathname + location.search); // keep the token out of sight
  }
  const token = sessionStorage.getItem('hattama.token') ?? '';
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | undefined;
  let attempt = 0;

  const lost = (): Result<unknown> => ({ ok: false, error: { code: 'app.disconnected', message: 'disconnected' } });

  function connect(): void {
    onState('connecting');
    const url = new URL('/bridge', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      onState('connected');
      for (const m of queue.splice(0)) ws.send(m);
    };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as { id?: number | null; result?: Result<unknown>; event?: string; payload?: unknown };
      if (msg.event) for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
      else if (typeof msg.id === 'number' && msg.result) {
        pending.get(msg.id)?.resolve(msg.result);
        pending.delete(msg.id);
      }
    };
    ws.onclose = () => {
      onState('disconnected');
      // Calls in flight will not be answered by this socket; the UI retries what matters.
      for (const p of pending.values()) p.resolve(lost());
      pending.clear();
      setTimeout(connect, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    };
  }

  const transport: Transport = {
    invoke(name: CallName, input: unknown) {
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, { resolve });
        const msg = JSON.stringify({ id, call: name, input });
        if (socket?.readyState === WebSocket.OPEN) socket.send(msg);
        else queue.push(msg);
      });
    },
    subscribe(name: EventName, handler: (p: unknown) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(handler);
      return () => set.delete(handler);
    },
  };
  connect();
  return buildApi(transport);
}
