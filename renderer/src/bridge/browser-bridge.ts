import i18next from 'i18next';
import { buildApi, type HattamaApi, type Transport } from '../../../common/contract/api';
import type { CallName, EventName } from '../../../common/contract/index';
import type { Result } from '../../../common/errors';

// In a plain browser (`hattama serve`) there is no preload: this gives the page the same
// `window.hattama` object over the WebSocket bridge. Under Electron the preload has already
// defined it and this module does nothing.

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';
type Pending = { resolve: (r: Result<unknown>) => void };

const RETRY_MS = [250, 500, 1000, 2000, 4000];
/**
 * The heartbeat. A core that dies closes its socket (the page knows at once); a hung one does not:
 * silent this long it is pinged, silent this long it is shown as lost (the socket is kept, and the
 * first word from the core brings it back: a busy core that answers late keeps its sign-ins).
 */
const PING_AFTER_MS = 500;
const LOST_AFTER_MS = 3000;

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

  const lost = (): Result<unknown> => ({ ok: false, error: { code: 'app.coreGone', message: i18next.t('app:errors.coreGone') } });
  let heard = 0;
  let pinged = 0;
  let stalled = false;

  // Every answer or push counts as a heartbeat; a quiet core is asked (app.ping) so that silence means it is stuck.
  setInterval(() => {
    const ws = socket;
    if (ws?.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    if (now - heard > LOST_AFTER_MS && !stalled) {
      stalled = true;
      onState('disconnected');
    }
    if (now - heard > PING_AFTER_MS && now - pinged > PING_AFTER_MS) {
      pinged = now;
      ws.send(JSON.stringify({ id: nextId++, call: 'app.ping', input: { n: 0 } }));
    }
  }, 250);

  /** The socket is gone: say so at once, fail the calls in flight, try again. */
  function closed(ws: WebSocket): void {
    if (socket !== ws) return;
    socket = undefined;
    stalled = false;
    ws.onclose = ws.onmessage = null;
    onState('disconnected');
    // Calls in flight will not be answered by this socket; the UI retries what matters.
    for (const p of pending.values()) p.resolve(lost());
    pending.clear();
    setTimeout(connect, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
  }

  function connect(): void {
    onState('connecting');
    const url = new URL('/bridge', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      heard = Date.now();
      onState('connected');
      for (const m of queue.splice(0)) ws.send(m);
    };
    ws.onmessage = (ev) => {
      heard = Date.now();
      if (stalled) {
        stalled = false;
        onState('connected');
      }
      const msg = JSON.parse(String(ev.data)) as { id?: number | null; result?: Result<unknown>; event?: string; payload?: unknown };
      if (msg.event) for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
      else if (typeof msg.id === 'number' && msg.result) {
        pending.get(msg.id)?.resolve(msg.result);
        pending.delete(msg.id);
      }
    };
    ws.onclose = () => closed(ws);
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
