import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CentralError } from './errors';
import type { Observations } from './observations';
import { OBSERVE_JS } from './sc-observe-assets';
import { observePage } from './sc-observe-page';
import type { Frame } from './sc-layout';
import { messagePage } from './sc-other-pages';
import type { SituationCenter } from './situation-center';
import type { SignedIn, UserRole } from './users';
import { ROLES_WATCH, sameOrigin } from './web-auth';

// The supervisor's side of live observation: ask to observe a room in an open hearing, the page
// that plays it, its stream and camera frame, and stopping. Only the observer (or an
// administrator) reaches an observation's stream; starting and stopping are audited
// (observations.ts), and the station audits its side.

/** How long one fetch of the stream waits for new audio before answering 204 (ms). */
const AUDIO_WAIT_MS = 2_000;

export interface ObserveRouteDeps {
  observations: Observations;
  center: SituationCenter;
  gate(req: FastifyRequest, reply: FastifyReply, roles: readonly UserRole[], kind: 'page' | 'api'): Promise<SignedIn | null>;
  frameOf(req: FastifyRequest, reply: FastifyReply, user: SignedIn | null, title?: string): Frame;
  html(reply: FastifyReply, status: number, text: string): FastifyReply;
  time(iso: string): string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const idOf = (req: FastifyRequest) => str((req.params as Record<string, unknown>).id);

export function registerObserveRoutes(app: FastifyInstance, d: ObserveRouteDeps): void {
  const { observations } = d;
  app.get('/sc/observe.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=300').send(OBSERVE_JS));

  app.post('/rooms/:id/observe', async (req, reply) => {
    const user = await d.gate(req, reply, ROLES_WATCH, 'page');
    if (!user) return reply;
    if (!sameOrigin(req)) return reply.code(403).send({ error: 'forbidden', message: 'cross-site request' });
    const stationId = idOf(req);
    const frame = d.frameOf(req, reply, user);
    try {
      const id = await observations.ask(stationId, user);
      return reply.redirect(`/observe/${encodeURIComponent(id)}`, 303);
    } catch (e) {
      if (e instanceof CentralError && e.status === 404) return d.html(reply, 404, messagePage(frame, frame.t('notFound')));
      if (e instanceof CentralError && e.status === 409) return d.html(reply, 409, messagePage(frame, frame.t(`observe.refusedBy.${e.code === 'closed_session' ? 'closedSession' : 'notInHearing'}`)));
      throw e;
    }
  });

  const mine = async (req: FastifyRequest, reply: FastifyReply, kind: 'page' | 'api') => {
    const user = await d.gate(req, reply, ROLES_WATCH, kind);
    if (!user) return null;
    try {
      return { user, o: await observations.of(idOf(req), user) };
    } catch (e) {
      if (!(e instanceof CentralError)) throw e;
      if (kind === 'page') {
        const frame = d.frameOf(req, reply, user);
        void d.html(reply, 404, messagePage(frame, frame.t('notFound')));
      } else void reply.code(404).send({ error: 'not_found', message: 'no such observation' });
      return null;
    }
  };

  app.get('/observe/:id', async (req, reply) => {
    const m = await mine(req, reply, 'page');
    if (!m) return reply;
    const room = (await d.center.current()).byId.get(m.o.stationId) ?? null;
    const frame = d.frameOf(req, reply, m.user, room ? `${room.court} ${room.courtroom}` : undefined);
    return d.html(reply, 200, observePage(frame, m.o, room, d.time));
  });

  // Concatenated Ogg pages after ?after= (-1: the head and the newest); 204 when nothing came in the wait.
  app.get('/observe/:id/audio', async (req, reply) => {
    const m = await mine(req, reply, 'api');
    if (!m) return reply;
    const after = Number(str((req.query as Record<string, unknown>).after) || '-1');
    if (!Number.isInteger(after) || after < -1) return reply.code(400).send({ error: 'bad_request', message: 'after must be an integer, -1 or more' });
    const r = await observations.audioAfter(m.o, after, AUDIO_WAIT_MS);
    reply.header('cache-control', 'no-store').header('x-seq', String(r.last)).header('x-state', r.state);
    if (!r.bytes.length) return reply.code(204).send();
    return reply.type('application/octet-stream').send(r.bytes);
  });

  app.get('/observe/:id/frame', async (req, reply) => {
    const m = await mine(req, reply, 'api');
    if (!m) return reply;
    const f = await observations.frame(m.o.id);
    if (!f) return reply.code(404).send({ error: 'not_found', message: 'no camera frame yet' });
    return reply.type('image/jpeg').header('cache-control', 'no-store').header('x-frame-at', f.at).send(f.jpeg);
  });

  app.post('/observe/:id/stop', async (req, reply) => {
    const m = await mine(req, reply, 'api');
    if (!m) return reply;
    if (!sameOrigin(req)) return reply.code(403).send({ error: 'forbidden', message: 'cross-site request' });
    await observations.end(m.o.id, 'supervisor', m.user);
    return reply.redirect(`/rooms/${encodeURIComponent(m.o.stationId)}`, 303);
  });
}
