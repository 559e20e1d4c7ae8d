import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AdminCopyRequestSchema, COPY_TUS_PATH, CopyFileNameSchema, TUS_PATH } from '../common/sync-api';
import { adminCheck } from './admin-auth';
import { openCentralDb, type OpenedDb } from './db';
import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth';
import { openApiDocument, routes, type RouteSpec } from './routes';
import { CentralError, CentralStore } from './store';
import { createTus, type S3Options } from './tus';
import { loadOrCreateCentralKey } from './central-key';
import { sessionChain } from './chain-anchors';
import { Counters } from './metrics';
import { registerSituationRoutes } from './sc-routes';
import { SituationCenter } from './situation-center';
import { DEFAULT_THRESHOLDS, type Thresholds } from './situation-rules';
import { webAuth } from './web-auth';
import { sql } from 'kysely';
import { CopyRequests } from './copy-requests';
import { sealedSince } from './copy-seals';
import { createCopyUploads } from './copy-uploads';
import { sealedUpload, segmentSeals } from './seal-book';
import { withholdSealed } from './seal-withhold';
import { Observations } from './observations';
import { OBSERVATION_AUDIO_MAX_BYTES, OBSERVATION_FRAME_MAX_BYTES } from '../common/observe-api';

export const CENTRAL_VERSION = '0.1.0';

export interface CentralOptions {
  dataDir: string;
  databaseUrl?: string;
  s3?: S3Options;
  /** Largest JSON body accepted (bytes). */
  bodyLimit?: number;
  /** Largest segment accepted (bytes). */
  maxSegmentBytes?: number;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Enrollment attempts one client may make per minute (then 429). */
  enrollPerMinute?: number;
  /** The Situation Center's thresholds (defaults: situation-rules.ts). */
  thresholds?: Partial<Thresholds>;
  /** How often each process recomputes the Situation Center (ms). */
  situationEveryMs?: number;
  /** The time zone the Situation Center shows times in. */
  timeZone?: string;
  /** Sign-in attempts one client may make per minute. */
  signInPerMinute?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: unknown) => void;
}

export interface Central {
  app: FastifyInstance;
  store: CentralStore;
  db: OpenedDb;
  adminToken: string;
  center: SituationCenter;
  counters: Counters;
  close(): Promise<void>;
}

/** The admin token: DATA/admin-token, created (0600) on first start. */
export function adminToken(dataDir: string): string {
  const file = path.join(dataDir, 'admin-token');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const t = randomBytes(24).toString('base64url');
    fs.writeFileSync(file, `${t}\n`, { mode: 0o600, flag: 'wx' });
    return t;
  }
}

export async function createCentral(opts: CentralOptions): Promise<Central> {
  const log = opts.log ?? (() => undefined);
  const db = await openCentralDb({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  const store = new CentralStore(db.db, db.kind);
  const admin = adminToken(opts.dataDir);
  const checkAdmin = adminCheck(admin);
  const counters = new Counters();
  const center = new SituationCenter(db.db, { ...DEFAULT_THRESHOLDS, ...opts.thresholds }, opts.situationEveryMs ?? 2_000, log);
  const tus = await createTus({ dataDir: opts.dataDir, s3: opts.s3, store, maxSize: opts.maxSegmentBytes ?? 4 * 1024 ** 3, log });
  const copyRequests = new CopyRequests(db.db);
  const copyUploads = await createCopyUploads({ dataDir: opts.dataDir, s3: opts.s3, db: db.db, store, requests: copyRequests, maxSize: opts.maxSegmentBytes ?? 4 * 1024 ** 3, log });

  const base0 = { logger: false, bodyLimit: opts.bodyLimit ?? 8 * 1024 * 1024, forceCloseConnections: true, return503OnClosing: true } as const;
  // One instance type for both: the routes do not care whether TLS is underneath.
  const app = (opts.tls ? Fastify({ ...base0, https: { cert: opts.tls.cert, key: opts.tls.key } }) : Fastify(base0)) as unknown as FastifyInstance;

  // JSON nested deeper than any of our schemas is refused before it is parsed (400, not a 500
  // from a validator's recursion); the rest is Fastify's own parser (prototype poisoning refused).
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonTooDeep(body as string)) return done(new CentralError(400, 'bad_json', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    defaultJson(req, body as string, done);
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => new CentralError(429, 'rate_limited', `too many attempts; retry in ${Math.ceil(ctx.ttl / 1000)} s`),
  });

  // tus request bodies are streamed by @tus/server itself: Fastify must not read them.
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof CentralError) return reply.code(err.status).send({ error: err.code, message: err.message });
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      log('error', `${req.method} ${req.url} failed`, { err: err.stack ?? String(err) });
      return reply.code(500).send({ error: 'internal', message: 'internal error' });
    }
    const code =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'too_large' : err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError ? 'bad_json' : 'bad_request';
    return reply.code(status).send({ error: code, message: err.message });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: 'not_found', message: `${req.method} ${req.url}` }));

  const stationOf = new WeakMap<FastifyRequest, string>();
  const authorize = async (r: RouteSpec, req: FastifyRequest): Promise<void> => {
    if (r.auth === 'station') {
      stationOf.set(req, await store.authenticate(req.headers.authorization));
    } else if (r.auth === 'admin') {
      checkAdmin(req.headers.authorization);
    }
  };
  const parse = <T extends z.ZodType>(s: T | undefined, v: unknown): z.output<T> => {
    if (!s) return v as z.output<T>;
    const r = s.safeParse(v);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new CentralError(400, 'bad_request', `${i?.path.join('.') || '(body)'}: ${i?.message}`);
    }
    return r.data;
  };

  type Ctx = { req: FastifyRequest; reply: FastifyReply; station: string; body: unknown; query: unknown; params: Record<string, string> };
  const handle = <R extends RouteSpec>(r: R, fn: (c: Ctx) => Promise<unknown>, config?: Record<string, unknown>) => {
    app.route({
      method: r.method,
      url: r.url,
      ...(config ? { config } : {}),
      handler: async (req, reply) => {
        // Authentication first: an unenrolled station learns nothing about its payload.
        await authorize(r, req);
        const c: Ctx = { req, reply, station: stationOf.get(req) ?? '', body: parse(r.body, req.body), query: parse(r.query, req.query), params: req.params as Record<string, string> };
        return fn(c);
      },
    });
  };

  // Codes are 40 bits: guessing is slowed to N attempts per minute per client address.
  handle(routes.enroll, async ({ body }) => store.enroll(body as z.output<typeof routes.enroll.body>), { rateLimit: { max: opts.enrollPerMinute ?? 10, timeWindow: 60_000 } });
  handle(routes.pushEvents, async ({ station, body }) => {
    counters.pushesInFlight++;
    try {
      const r = await store.pushEvents(station, (body as z.output<typeof routes.pushEvents.body>).events);
      counters.eventBatches++;
      counters.eventsIngested += r.stored;
      if (r.stored) center.poke();
      return r;
    } finally {
      counters.pushesInFlight--;
    }
  });
  handle(routes.highestSeq, async ({ station }) => ({ highestSeq: await store.highestSeq(station) }));
  handle(routes.segmentStatus, async ({ station, params }) => {
    const seq = Number(params.seq);
    if (!Number.isInteger(seq) || seq < 1) throw new CentralError(400, 'bad_request', 'seq must be a positive integer');
    let s = await store.segment(station, seq);
    if (!s) throw new CentralError(404, 'unknown_segment', `segment ${seq} was never announced`);
    // The upload may have completed without its final answer (central stopped in between):
    // check it now rather than asking the station to send it again.
    if (s.status === 'declared' && s.upload_id) {
      await tus.verifyIfComplete(station, seq, s.upload_id);
      s = (await store.segment(station, seq))!;
    }
    return { seq, status: s.status, sha256: s.sha256, bytes: Number(s.bytes), verifiedAt: s.verified_at };
  });
  handle(routes.heartbeat, async ({ station, body }) => {
    const serverTime = await store.heartbeat(station, body as z.output<typeof routes.heartbeat.body>);
    counters.heartbeats++;
    center.poke();
    return { serverTime };
  });
  handle(routes.feeds, async ({ station, query }) => store.feed(station, (query as { since: number }).since));
  const centralKey = loadOrCreateCentralKey(opts.dataDir);
  handle(routes.keys, async () => ({ keys: [{ alg: 'Ed25519', keyId: centralKey.keyId, publicKey: centralKey.publicKeyB64 }] }));
  handle(routes.sessionChain, async ({ station, params }) => sessionChain(db.db, centralKey, station, params.id ?? ''));

  handle(routes.adminCode, async ({ body }) => store.issueCode(body as z.output<typeof routes.adminCode.body>));
  handle(routes.adminSchedule, async ({ body }) => ({ version: await store.putSchedule(body as z.output<typeof routes.adminSchedule.body>) }));
  handle(routes.adminDirectory, async ({ body }) => ({ version: await store.putDirectory((body as z.output<typeof routes.adminDirectory.body>).users) }));
  handle(routes.adminRemark, async ({ body }) => store.addRemark(body as z.output<typeof routes.adminRemark.body>));
  handle(routes.adminRemarkGet, async ({ params }) => {
    const r = await store.remark(params.id ?? '');
    if (!r) throw new CentralError(404, 'not_found', 'no such remark');
    return r;
  });
  handle(routes.adminRevoke, async ({ params }) => ({ revoked: await store.revoke(params.id ?? '') }));
  handle(routes.adminRekey, async ({ params }) => ({ rekeyed: await store.rekey(params.id ?? '') }));
  handle(routes.adminStations, async () => store.overview());
  // The log as stored, but the text of entries inside a seal in force is withheld (seal-withhold.ts).
  handle(routes.adminEvents, async ({ query }) => {
    const q = query as { station: string; after: number };
    return withholdSealed(db.db, q.station, await store.events(q.station, q.after));
  });
  handle(routes.adminRegions, async ({ body }) => {
    const { courts } = body as z.output<typeof routes.adminRegions.body>;
    for (const c of courts) await db.db.insertInto('court_regions').values(c).onConflict((oc) => oc.column('court').doUpdateSet({ region: c.region })).execute();
    await center.refresh();
    return { courts: courts.length };
  });
  handle(routes.adminSegments, async ({ query }) => {
    const station = (query as { station: string }).station;
    const rows = await store.segments(station);
    const seals = await segmentSeals(db.db, station, rows);
    // A sealed segment's object is named to no one: central serves its bytes to nobody.
    return rows.map((r, i) => {
      const sealedBy = seals[i] ?? [];
      return { ...r, sealed: sealedBy.length > 0, sealedBy, path: r.uploadId && !sealedBy.length ? tus.localPath(r.uploadId) : null };
    });
  });
  // Live observation (observations.ts): the station's poll, its word, its stream and frames.
  const observations = new Observations(db.db);
  const bytesOf = (body: unknown, max: number): Buffer => {
    if (!Buffer.isBuffer(body) || body.length === 0) throw new CentralError(400, 'bad_request', 'the body must be the bytes themselves');
    if (body.length > max) throw new CentralError(413, 'too_large', `at most ${max} bytes`);
    return body;
  };
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: OBSERVATION_AUDIO_MAX_BYTES }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('image/jpeg', { parseAs: 'buffer', bodyLimit: OBSERVATION_FRAME_MAX_BYTES }, (_req, body, done) => done(null, body));
  handle(routes.observations, async ({ station, query }) => {
    const q = query as z.output<typeof routes.observations.query>;
    return { observations: await observations.poll(station, q.wait, new Set(q.known.split(',').filter(Boolean))) };
  });
  handle(routes.observationStatus, async ({ station, params, body }) => ({ continue: await observations.status(station, params.id ?? '', body as z.output<typeof routes.observationStatus.body>) }));
  handle(routes.observationAudio, async ({ station, params, query, body }) => ({
    continue: await observations.putAudio(station, params.id ?? '', (query as z.output<typeof routes.observationAudio.query>).seq, bytesOf(body, OBSERVATION_AUDIO_MAX_BYTES)),
  }));
  handle(routes.observationFrame, async ({ station, params, body }) => {
    const jpeg = bytesOf(body, OBSERVATION_FRAME_MAX_BYTES);
    // A JPEG starts with its SOI marker: anything else is not shown to a supervisor.
    if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new CentralError(400, 'bad_request', 'not a JPEG image');
    return { continue: await observations.putFrame(station, params.id ?? '', jpeg) };
  });
  handle(routes.copyRequestStatus, async ({ station, params }) => {
    const id = params.id ?? '';
    await copyRequests.ofStation(station, id);
    await copyUploads.settle(id);
    return copyRequests.status(station, id);
  });
  handle(routes.adminCopyRequest, async ({ body }) => {
    const r = AdminCopyRequestSchema.safeParse(body);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new CentralError(422, 'invalid_request', `${i?.path.join('.') || '(body)'}: ${i?.message}`);
    }
    return copyRequests.file(r.data);
  });
  handle(routes.adminCopyRequestGet, async ({ params }) => {
    const id = params.id ?? '';
    return copyRequests.view(id, await sealedSince(db.db, copyRequests, copyUploads, id));
  });
  handle(routes.adminCopyRequestFile, async ({ params, reply }) => {
    const id = params.id ?? '';
    // Only the four names, each a file of this request: no path reaches the store.
    const name = CopyFileNameSchema.safeParse(params.name);
    const file = name.success ? (await copyRequests.received(id)).find((f) => f.name === name.data) : undefined;
    if (!name.success || !file) throw new CentralError(404, 'not_found', 'no such file of that copy request');
    if ((file.name === 'copy.mp4' || file.name === 'protocol.pdf') && (await sealedSince(db.db, copyRequests, copyUploads, id)).length)
      throw new CentralError(403, 'sealed', `a seal laid after the copy was made is in force: ${file.name} is withheld`);
    const type = { 'copy.mp4': 'video/mp4', 'protocol.pdf': 'application/pdf', 'receipt.json': 'application/json', 'receipt.sig': 'application/json' }[file.name];
    return reply
      .header('content-type', type)
      .header('content-length', String(file.bytes))
      .header('content-disposition', `attachment; filename="${file.name}"`)
      .header('x-content-sha256', file.sha256)
      .header('cache-control', 'no-store')
      .send(await copyUploads.read(file.uploadId));
  });

  center.start();
  const openapi = openApiDocument(CENTRAL_VERSION);
  app.get('/openapi.json', async () => openapi);
  app.get('/healthz', async () => ({ ok: true, version: CENTRAL_VERSION, db: db.kind, store: opts.s3 ? 's3' : 'file' }));
  // For load balancers: 200 while the database answers (within 2 s), else 503.
  app.get('/health', async (_req, reply) => {
    try {
      await Promise.race([sql`SELECT 1`.execute(db.db), new Promise((_r, reject) => setTimeout(() => reject(new Error('database did not answer within 2 s')), 2_000).unref())]);
      return { ok: true, db: db.kind };
    } catch (e) {
      return reply.code(503).send({ ok: false, db: db.kind, error: (e as Error).message });
    }
  });
  registerSituationRoutes(app, {
    db: db.db,
    center,
    observations,
    counters,
    auth: webAuth(db.db, (a) => {
      try {
        checkAdmin(a);
        return true;
      } catch {
        return false;
      }
    }),
    secure: !!opts.tls,
    timeZone: opts.timeZone ?? 'Asia/Almaty',
    signInPerMinute: opts.signInPerMinute ?? 20,
  });

  const tusHandler = async (req: FastifyRequest, reply: FastifyReply) => {
    // tus serves a finished upload back to its station (GET): never one a seal in force covers.
    if (req.method === 'GET') {
      const id = decodeURIComponent(req.url.split('?')[0]!.split('/').pop() ?? '');
      if (id && (await sealedUpload(db.db, id))) return reply.code(403).send({ error: 'sealed', message: 'a seal in force covers this segment' });
    }
    reply.hijack();
    counters.uploadRequests++;
    counters.uploadRequestsInFlight++;
    try {
      await tus.server.handle(req.raw, reply.raw);
    } finally {
      counters.uploadRequestsInFlight--;
    }
  };
  const base = TUS_PATH.replace(/\/$/, '');
  app.all(base, tusHandler);
  app.all(`${base}/*`, tusHandler);
  const copyHandler = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    counters.uploadRequests++;
    await copyUploads.server.handle(req.raw, reply.raw);
  };
  const copyBase = COPY_TUS_PATH.replace(/\/$/, '');
  app.all(copyBase, copyHandler);
  app.all(`${copyBase}/*`, copyHandler);

  return {
    app,
    store,
    db,
    adminToken: admin,
    center,
    counters,
    async close() {
      center.stop();
      await app.close();
      await db.close();
    },
  };
}
