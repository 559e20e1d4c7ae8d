import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CentralDb } from './schema';
import { acknowledgeFlag, audit, auditRows } from './flag-book';
import { Counters, renderMetrics } from './metrics';
import { SITUATION_CSS, SITUATION_JS } from './sc-assets';
import { clock, translator, type ScLang } from './sc-i18n';
import { CSP, type Frame } from './sc-layout';
import { auditPage, messagePage, signInPage } from './sc-other-pages';
import { roomDay } from './sc-room-data';
import { roomPage } from './sc-room-page';
import { roomRow, roomsPage, summary, type Filter, type RowContext } from './sc-rooms-page';
import type { Observations } from './observations';
import { registerObserveRoutes } from './sc-observe-routes';
import type { SituationCenter } from './situation-center';
import { signIn, signOut, type SignedIn, type UserRole } from './users';
import { clearedSessionCookie, cookies, langOf, ROLES_ADMIN, ROLES_WATCH, sameOrigin, SESSION_COOKIE, sessionCookie, type WebAuth } from './web-auth';

// The Situation Center's routes: sign-in and out, every courtroom, a room's day, acknowledging a
// flag, live updates (server-sent events), the audit; /metrics for Prometheus. Every route checks
// the role of whoever asks; a browser without a session is sent to sign in, anything else gets 401.

export interface ScOptions {
  db: CentralDb;
  center: SituationCenter;
  observations: Observations;
  auth: WebAuth;
  counters: Counters;
  secure: boolean;
  timeZone: string;
  signInPerMinute: number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const safeBack = (v: unknown): string => {
  const s = str(v);
  return s.startsWith('/') && !s.startsWith('//') ? s : '/';
};

export function registerSituationRoutes(app: FastifyInstance, o: ScOptions): void {
  const { db, center } = o;
  const clk = clock(o.timeZone);

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const html = (reply: FastifyReply, status: number, text: string) => reply.code(status).header('content-security-policy', CSP).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').type('text/html; charset=utf-8').send(text);

  const frameOf = (req: FastifyRequest, reply: FastifyReply, user: SignedIn | null, title?: string): Frame => {
    const lang: ScLang = langOf(req, reply, o.secure);
    return { lang, t: translator(lang), user, here: req.url, title };
  };

  /** The person, when their role may use the route; otherwise the refusal is already sent (null). */
  const gate = async (req: FastifyRequest, reply: FastifyReply, roles: readonly UserRole[], kind: 'page' | 'api'): Promise<SignedIn | null> => {
    const user = await o.auth.who(req);
    const wantsHtml = kind === 'page' && /text\/html/.test(req.headers.accept ?? '');
    if (!user) {
      if (wantsHtml) {
        void reply.redirect(`/signin?next=${encodeURIComponent(req.url)}`, 303);
        return null;
      }
      void reply.code(401).header('www-authenticate', 'Basic realm="Hattama central", charset="UTF-8"').send({ error: 'unauthorized', message: 'sign in, or send the admin token' });
      return null;
    }
    if (!roles.includes(user.role)) {
      if (kind === 'page') void html(reply, 403, messagePage(frameOf(req, reply, user), translator(langOf(req, reply, o.secure))('forbidden')));
      else void reply.code(403).send({ error: 'forbidden', message: `needs role ${roles.join(' or ')}` });
      return null;
    }
    return user;
  };

  // Rows are the bulk of the page for 1,479 rooms: each is rendered once per change, per language and role.
  const rows = new Map<string, { fp: string; html: string }>();
  const cachedRow = (lang: ScLang, user: SignedIn) => {
    const ctx = rowContext(lang, user, '');
    const day = clk.dayKey(Date.now());
    return (r: Parameters<typeof roomRow>[0], flags: Parameters<typeof roomRow>[1]) => {
      const key = `${lang}|${ctx.canAck ? 1 : 0}|${r.stationId}`;
      const fp = `${day}|${center.fingerprint(r.stationId)}`;
      const held = rows.get(key);
      if (held && held.fp === fp) return held.html;
      const html = roomRow(r, flags, ctx);
      rows.set(key, { fp, html });
      return html;
    };
  };

  const rowContext = (lang: ScLang, user: SignedIn, back: string): RowContext => ({ t: translator(lang), time: clk.time, canAck: ROLES_WATCH.includes(user.role), back });

  app.get('/sc/situation.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=300').send(SITUATION_CSS));
  app.get('/sc/situation.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=300').send(SITUATION_JS));

  app.get('/signin', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    return html(reply, 200, signInPage(frameOf(req, reply, null), safeBack(q.next), false));
  });
  app.post('/signin', { config: { rateLimit: { max: o.signInPerMinute, timeWindow: 60_000 } } }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const login = str(b.login).trim().slice(0, 64);
    const r = sameOrigin(req) ? await signIn(db, login, str(b.password)) : null;
    if (!r) {
      await audit(db, { login: login || '?', role: 'unknown' }, 'signin.failed', login);
      const lang = str(b.lang);
      if (lang) (req.query as Record<string, unknown>).lang = lang;
      return html(reply, 401, signInPage(frameOf(req, reply, null), safeBack(b.next), true));
    }
    await audit(db, r.user, 'signin', r.user.login);
    return reply.header('set-cookie', sessionCookie(r.token, o.secure)).redirect(safeBack(b.next), 303);
  });
  app.post('/signout', async (req, reply) => {
    const token = cookies(req)[SESSION_COOKIE];
    const user = await o.auth.who(req);
    if (token) await signOut(db, token);
    if (user) await audit(db, user, 'signout', user.login);
    return reply.header('set-cookie', clearedSessionCookie(o.secure)).redirect('/signin', 303);
  });

  app.get('/', async (req, reply) => {
    const user = await gate(req, reply, ROLES_WATCH, 'page');
    if (!user) return reply;
    const q = req.query as Record<string, unknown>;
    const filter: Filter = { region: str(q.region), court: str(q.court), flag: str(q.flag), state: str(q.state) };
    const frame = frameOf(req, reply, user);
    const snap = await center.current();
    return html(reply, 200, roomsPage(frame, snap, filter, cachedRow(frame.lang, user)));
  });

  app.get('/rooms/:id', async (req, reply) => {
    const user = await gate(req, reply, ROLES_WATCH, 'page');
    if (!user) return reply;
    const id = str((req.params as Record<string, unknown>).id);
    const snap = await center.current();
    const room = snap.byId.get(id);
    const frame = frameOf(req, reply, user, room ? `${room.court} ${room.courtroom}` : undefined);
    if (!room) return html(reply, 404, messagePage(frame, frame.t('notFound')));
    const now = Date.now();
    const today = clk.dayKey(now);
    const day = await roomDay(db, room, now, (ms) => clk.dayKey(ms) === today);
    return html(reply, 200, roomPage(frame, room, snap.flags.get(id) ?? [], day, now, rowContext(frame.lang, user, req.url)));
  });

  app.post('/flags/:id/ack', async (req, reply) => {
    const user = await gate(req, reply, ROLES_WATCH, 'api');
    if (!user) return reply;
    if (!sameOrigin(req)) return reply.code(403).send({ error: 'forbidden', message: 'cross-site request' });
    const id = Number(str((req.params as Record<string, unknown>).id));
    if (!Number.isInteger(id) || id < 1) return reply.code(400).send({ error: 'bad_request', message: 'flag id' });
    const stationId = await acknowledgeFlag(db, id, user);
    await center.refresh();
    const given = ((req.body ?? {}) as Record<string, unknown>).back;
    let back = safeBack(given);
    if (!given && req.headers.referer) {
      try {
        const ref = new URL(req.headers.referer);
        if (ref.host === req.headers.host) back = safeBack(`${ref.pathname}${ref.search}`);
      } catch {
        // not a URL: back to the list
      }
    }
    if (/application\/json/.test(req.headers.accept ?? '')) return { acknowledged: id, stationId };
    return reply.redirect(back, 303);
  });

  app.get('/situation.json', async (req, reply) => {
    const user = await gate(req, reply, ROLES_WATCH, 'api');
    if (!user) return reply;
    const snap = await center.current();
    return { at: new Date(snap.at).toISOString(), rooms: snap.rooms.map((r) => ({ ...r, flags: snap.flags.get(r.stationId) ?? [] })) };
  });

  app.get('/live', async (req, reply) => {
    const user = await gate(req, reply, ROLES_WATCH, 'api');
    if (!user) return reply;
    const q = req.query as Record<string, unknown>;
    const lang = langOf(req, reply, o.secure);
    const only = str(q.room);
    const ctx = rowContext(lang, user, only ? safeBack(q.back) : '');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    const unsubscribe = center.subscribe((changed, snap) => {
      let out = '';
      for (const id of changed) {
        if (only && id !== only) continue;
        const r = snap.byId.get(id);
        out += `event: room\ndata: ${JSON.stringify({ id, html: r ? roomRow(r, snap.flags.get(id) ?? [], ctx) : '' })}\n\n`;
      }
      if (!only) out += `event: summary\ndata: ${JSON.stringify({ html: summary(snap, ctx.t) })}\n\n`;
      if (out) res.write(out);
    });
    // A session that ends (signed out, disabled, expired) ends its stream at the next ping.
    const ping = setInterval(() => {
      void o.auth.who(req).then((still) => {
        if (!still) res.end();
        else res.write(': ping\n\n');
      });
    }, 15_000);
    ping.unref();
    req.raw.on('close', () => {
      unsubscribe();
      clearInterval(ping);
    });
  });

  registerObserveRoutes(app, { observations: o.observations, center, gate, frameOf, html, time: clk.time });

  app.get('/audit', async (req, reply) => {
    const user = await gate(req, reply, ROLES_ADMIN, 'page');
    if (!user) return reply;
    const frame = frameOf(req, reply, user, frameOf(req, reply, user).t('audit.heading'));
    const snap = await center.current();
    const name = (id: string) => {
      const r = snap.byId.get(id);
      return r ? `${r.court}, ${r.courtroom}` : id;
    };
    const rows = await auditRows(db);
    if (/application\/json/.test(req.headers.accept ?? '')) return rows;
    return html(reply, 200, auditPage(frame, rows, clk.time, name));
  });

  app.get('/metrics', async (req, reply) => {
    const user = await gate(req, reply, ROLES_ADMIN, 'api');
    if (!user) return reply;
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(await renderMetrics(db, o.counters, await center.current()));
  });
}
