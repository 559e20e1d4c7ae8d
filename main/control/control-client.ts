import net from 'node:net';
import type { Result } from '../../common/errors';
import { controlSocketPath } from './socket-path';

// The CLI's end of the control socket. `connect` answers null when no core listens on the data
// directory, so the caller can run the core in-process instead.

export interface ControlClient {
  call(name: string, input: unknown): Promise<Result<unknown>>;
  close(): void;
}

export function connectControl(dataDir: string, timeoutMs = 2000): Promise<ControlClient | null> {
  const where = controlSocketPath(dataDir);
  return new Promise((resolve) => {
    const socket = net.connect(where);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, timeoutMs);
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(clientOn(socket));
    });
  });
}

function clientOn(socket: net.Socket): ControlClient {
  let next = 1;
  let buffered = '';
  const waiting = new Map<number, (r: Result<unknown>) => void>();
  const failAll = () => {
    for (const done of waiting.values()) done({ ok: false, error: { code: 'app.coreGone', message: 'app.coreGone' } });
    waiting.clear();
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const msg = JSON.parse(buffered.slice(0, nl)) as { id: number | null; result: Result<unknown> };
      buffered = buffered.slice(nl + 1);
      const done = msg.id === null ? undefined : waiting.get(msg.id);
      if (done && msg.id !== null) {
        waiting.delete(msg.id);
        done(msg.result);
      }
    }
  });
  socket.on('close', failAll);
  socket.on('error', failAll);
  return {
    call(name, input) {
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        socket.write(`${JSON.stringify({ id, call: name, input })}\n`);
      });
    },
    close() {
      socket.end();
    },
  };
}
