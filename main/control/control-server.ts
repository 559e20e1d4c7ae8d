import fs from 'node:fs';
import net from 'node:net';
import { HattamaError } from '../../common/errors';
import type { Core } from '../core/core';
import { toErrorPayload } from '../i18n/translator';
import { newDoorSession } from '../runtime/handlers';
import { BridgeRequestSchema, MAX_BRIDGE_MESSAGE_BYTES } from '../runtime/wire-protocol';
import { controlSocketPath } from './socket-path';

// The local control socket: the CLI's door to a running station core (desktop app or
// `hattama serve`). One JSON request a line, one JSON reply a line, through the same dispatcher
// as the UI. Only the station's own OS user can connect: the socket is created 0600.

export interface ControlServer {
  readonly path: string;
  close(): Promise<void>;
}

export async function startControlServer(core: Core): Promise<ControlServer> {
  const where = controlSocketPath(core.dataDir);
  if (process.platform !== 'win32') fs.rmSync(where, { force: true }); // left by a core that died: the data-dir lock says none runs now
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveClient(core, socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // The socket file is born without group or other access; no window in which another user could connect.
    const umask = process.platform === 'win32' ? null : process.umask(0o177);
    server.listen(where, () => {
      if (umask !== null) process.umask(umask);
      server.off('error', reject);
      resolve();
    });
  });
  core.log.info({ path: where }, 'control socket listening');
  return {
    path: where,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function serveClient(core: Core, socket: net.Socket): void {
  const lang = () => core.settings.get().language;
  const reply = (msg: unknown) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(msg)}\n`);
  };
  // One client, one connection: a CLI command signs in on its own session.
  const session = newDoorSession();
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('error', (e) => core.log.warn({ err: e }, 'control socket client error'));
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    if (buffered.length > MAX_BRIDGE_MESSAGE_BYTES) {
      reply({ id: null, result: { ok: false, error: toErrorPayload(new HattamaError('app.invalidJson'), lang()) } });
      socket.destroy();
      return;
    }
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.trim()) handle(line);
    }
  });
  function handle(line: string) {
    let req;
    try {
      req = BridgeRequestSchema.parse(JSON.parse(line));
    } catch {
      reply({ id: null, result: { ok: false, error: toErrorPayload(new HattamaError('app.invalidJson'), lang()) } });
      return;
    }
    const id = req.id;
    void core.call(req.call, req.input, { transport: 'control', session }).then((result) => reply({ id, result }));
  }
}
