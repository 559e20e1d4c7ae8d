import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { HattamaError } from '../../common/errors';
import type { Core } from '../core/core';
import { toErrorPayload } from '../i18n/translator';
import { newDoorSession } from '../runtime/handlers';
import { MEDIA_PREFIX, mediaResponse } from '../review/media';
import { BRIDGE_PATH, BridgeRequestSchema, MAX_BRIDGE_MESSAGE_BYTES } from '../runtime/wire-protocol';
import { CONTENT_SECURITY_POLICY } from './csp';

export interface ServeOptions {
  core: Core;
  rendererDir: string;
  host: string;
  port: number;
  /** Per-run secret; the bridge refuses a connection without it. Generated when absent. */
  token?: string;
}

export interface RunningServer {
  url: string;
  /** The URL to open: carries the token in the fragment, which is never sent to a server. */
  openUrl: string;
  token: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * `hattama serve`: the built renderer plus the WebSocket bridge that carries the contract, so
 * the whole UI runs in a browser against the headless core.
 */
export async function startServeServer(opts: ServeOptions): Promise<RunningServer> {
  const { core } = opts;
  const index = path.join(opts.rendererDir, 'index.html');
  if (!fs.existsSync(index)) throw new HattamaError('app.notBuilt', { path: index });
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const lang = () => core.settings.get().language;

  // forceCloseConnections: a stopping station does not wait for a browser's idle keep-alive sockets.
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    return payload;
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_BRIDGE_MESSAGE_BYTES } });
  await app.register(fastifyStatic, { root: opts.rendererDir, index: ['index.html'] });

  // Review media: segment files under the token review.sessions issued; same answer as the app:// protocol.
  app.get(`${MEDIA_PREFIX}*`, async (req, reply) => {
    const res = mediaResponse(core.media, { url: req.url, method: req.method, range: req.headers.range ?? null });
    if (res.status === 401) core.log.warn({ ip: req.ip }, 'media request refused: token');
    void reply.code(res.status).headers(Object.fromEntries(res.headers));
    return reply.send(res.body ? Readable.fromWeb(res.body as import('node:stream/web').ReadableStream) : '');
  });

  app.register(async (scope) => {
    scope.get(BRIDGE_PATH, {
      websocket: true,
      // Refuse before the upgrade: wrong token, or a page from another origin (a foreign site
      // in the same browser must not drive the station).
      preValidation: async (req, reply) => {
        const given = Buffer.from(String((req.query as { token?: unknown }).token ?? ''));
        const want = Buffer.from(token);
        const origin = req.headers.origin;
        const host = req.headers.host;
        const sameOrigin = origin === undefined || origin === `http://${host}`;
        if (given.length !== want.length || !timingSafeEqual(given, want) || !sameOrigin) {
          core.log.warn({ origin, ip: req.ip }, 'bridge connection refused');
          await reply.code(401).send(toErrorPayload(new HattamaError('app.unauthorized'), lang()));
        }
      },
    }, (socket) => serveBridge(core, socket));
  });

  const address = await app.listen({ host: opts.host, port: opts.port });
  const url = address.replace('[::1]', 'localhost');
  core.log.info({ url }, 'serving UI and bridge');
  return {
    url,
    openUrl: `${url}/#token=${token}`,
    token,
    app,
    close: () => app.close(),
  };
}

/** One browser tab: calls in, results and every core event out. */
function serveBridge(core: Core, socket: WebSocket): void {
  const lang = () => core.settings.get().language;
  const send = (msg: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg));
  };
  // The tab is its own connection: its own signed-in person, nobody else's.
  const session = newDoorSession();
  const off = core.events.onAny((event, payload) => send({ event, payload }));
  socket.on('close', off);
  socket.on('error', (e) => core.log.warn({ err: e }, 'bridge socket error'));
  socket.on('message', (data, isBinary) => {
    let req;
    try {
      if (isBinary) throw new Error('binary');
      req = BridgeRequestSchema.parse(JSON.parse(String(data)));
    } catch {
      send({ id: null, result: { ok: false, error: toErrorPayload(new HattamaError('app.invalidJson'), lang()) } });
      return;
    }
    void core.call(req.call, req.input, { transport: 'bridge', session }).then((result) => send({ id: req.id, result }));
  });
}
