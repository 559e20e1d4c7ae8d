import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteSpec } from '../../central/routes';
import { HATTAMA_BIN, startCentral, type CentralProcess } from '../support/central-process';
import { code, enrollRaw, post } from '../support/central-raw';
import { centralBackends } from '../support/central-backends';
import { segmentAnnounced } from '../support/sync-events';
import { tempDir } from '../support/tools';

// Central turned against a station, as an attacker holding a station's token (or nothing)
// would try it: each attempt is refused, and what was stored before is unchanged.

const backends = centralBackends('attacks');

const T0 = '2026-03-02T04:00:00.000Z';
const tus = (token: string) => ({ authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' });
const meta = (seq: number, sha: string) => `seq ${Buffer.from(String(seq)).toString('base64')},sha256 ${Buffer.from(sha).toString('base64')}`;

describe.each(backends)('central on $name refuses', ({ name, database, skip }) => {
  let c: CentralProcess;
  let data = '';
  let databaseUrl: string | undefined;
  // "evil" is a prefix of "evil-twin": the old string-prefix ownership test let it in.
  const victim = { id: `evil-twin-${name}`, token: '' };
  const evil = { id: `evil`, token: '' };

  beforeAll(async () => {
    if (skip) return;
    data = tempDir('hattama-central-attacks-');
    databaseUrl = await database();
    c = await startCentral({ data, database: databaseUrl });
    victim.token = (await enrollRaw(c, victim.id, await code(c))).json.token;
    evil.id = `evil`;
    evil.token = (await enrollRaw(c, evil.id, await code(c))).json.token;
    expect(victim.token).toBeTruthy();
    expect(evil.token).toBeTruthy();
  });
  afterAll(async () => {
    await c?.stop();
  });

  it.skipIf(skip)("a station reading, writing or deleting another station's upload; and terminating a verified one", async () => {
    const bytes = Buffer.from('RIFF....WAVE the victim station recorded this');
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect((await post(c, '/v1/events', victim.token, { events: [segmentAnnounced(1, { sessionId: 's1', file: 'recordings/s1/a.wav', sha256: sha, bytes: bytes.length })] })).status).toBe(200);
    const create = await fetch(new URL('/v1/uploads', c.url), { method: 'POST', headers: { ...tus(victim.token), 'upload-length': String(bytes.length), 'upload-metadata': meta(1, sha) } });
    expect(create.status).toBe(201);
    const loc = new URL(create.headers.get('location')!, c.url);
    expect(loc.pathname).toContain(`/${victim.id}-`); // the id still names its station: proof that the name grants nothing
    const half = bytes.subarray(0, 10);
    expect((await fetch(loc, { method: 'PATCH', headers: { ...tus(victim.token), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: half })).status).toBe(204);

    // The other station: read the offset, append forged bytes, delete. All 404, nothing changes.
    expect((await fetch(loc, { method: 'HEAD', headers: tus(evil.token) })).status).toBe(404);
    expect((await fetch(loc, { method: 'PATCH', headers: { ...tus(evil.token), 'upload-offset': '10', 'content-type': 'application/offset+octet-stream' }, body: Buffer.from('forged') })).status).toBe(404);
    expect((await fetch(loc, { method: 'DELETE', headers: tus(evil.token) })).status).toBe(404);
    const head = await fetch(loc, { method: 'HEAD', headers: tus(victim.token) });
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe('10');

    // The owner finishes it: verified. Then even the owner cannot terminate it.
    expect((await fetch(loc, { method: 'PATCH', headers: { ...tus(victim.token), 'upload-offset': '10', 'content-type': 'application/offset+octet-stream' }, body: bytes.subarray(10) })).status).toBe(204);
    const del = await fetch(loc, { method: 'DELETE', headers: tus(victim.token) });
    expect(del.status).toBeGreaterThanOrEqual(400);
    expect(del.status).toBeLessThan(500);
    const status = await (await fetch(new URL('/v1/segments/1', c.url), { headers: { authorization: `Bearer ${victim.token}` } })).json();
    expect(status).toMatchObject({ status: 'verified', sha256: sha });
    const { json: segs } = await c.admin<Array<{ seq: number; status: string; path: string | null }>>('GET', `/admin/segments?station=${victim.id}`);
    expect(segs[0]).toMatchObject({ seq: 1, status: 'verified' });
    expect(createHash('sha256').update(fs.readFileSync(segs[0]!.path!)).digest('hex')).toBe(sha);
  });

  it.skipIf(skip)('re-enrolling an existing station id with a fresh code, until an administrator re-keys it', async () => {
    const takeover = await enrollRaw(c, victim.id, await code(c));
    expect(takeover.status).toBe(409);
    expect(takeover.json.error).toBe('station_exists');
    expect((await post(c, '/v1/heartbeat', victim.token, { clock: Date.now(), recording: false, hearingId: null, alarms: [], diskHoursLeft: 1, backlog: { events: 0, segments: 0, bytes: 0 }, version: '0.1.0' })).status).toBe(200);
    expect((await fetch(new URL('/v1/events/highest', c.url), { headers: { authorization: `Bearer ${victim.token}` } })).status).toBe(200);

    // The administrator re-keys it (the CLI, straight into central's database); the next enrollment brings the new key.
    const cli = spawnSync(process.execPath, [HATTAMA_BIN, 'central', 'rekey', victim.id, '--data', data, ...(databaseUrl ? ['--database', databaseUrl] : [])], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(victim.id);
    const rekeyed = await enrollRaw(c, victim.id, await code(c));
    expect(rekeyed.status).toBe(200);
    expect((await fetch(new URL('/v1/events/highest', c.url), { headers: { authorization: `Bearer ${victim.token}` } })).status).toBe(401);
    expect(await (await fetch(new URL('/v1/events/highest', c.url), { headers: { authorization: `Bearer ${rekeyed.json.token}` } })).json()).toEqual({ highestSeq: 1 });
    victim.token = rekeyed.json.token;
    // Re-keying is once: the id is closed again.
    expect((await enrollRaw(c, victim.id, await code(c))).status).toBe(409);
    const missing = spawnSync(process.execPath, [HATTAMA_BIN, 'central', 'rekey', 'no-such-station', '--data', data, ...(databaseUrl ? ['--database', databaseUrl] : [])], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
  });

  it.skipIf(skip)('a code issued for one courtroom used for another', async () => {
    const bound = await code(c, { court: 'Court', courtroom: 'Room 9' });
    const wrong = await enrollRaw(c, `st-room7-${name}`, bound, { court: 'Court', courtroom: 'Room 7' });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error).toBe('code_bound');
    const wrongCourt = await enrollRaw(c, `st-room7-${name}`, bound, { court: 'Other court', courtroom: 'Room 9' });
    expect(wrongCourt.status).toBe(403);
    const { json: stations } = await c.admin<Array<{ stationId: string }>>('GET', '/admin/stations');
    expect(stations.map((s) => s.stationId)).not.toContain(`st-room7-${name}`);
    // The refusal did not spend the code: the right room can still use it.
    const right = await enrollRaw(c, `st-room9-${name}`, bound, { court: 'Court', courtroom: 'Room 9' });
    expect(right.status).toBe(200);
    expect(right.json.courtroom).toBe('Room 9');
  });

  it.skipIf(skip)("a remark decision on another courtroom's protocol", async () => {
    await c.admin('PUT', '/admin/schedule', { hearingId: `H-room99-${name}`, court: 'Court', courtroom: 'Room 99', startsAt: T0 });
    await c.admin('PUT', '/admin/schedule', { hearingId: `H-room7-${name}`, court: 'Court', courtroom: 'Room 7', startsAt: T0 });
    const { json: foreign } = await c.admin<{ remarkId: string }>('POST', '/admin/remarks', { hearingId: `H-room99-${name}`, author: 'Chair', text: 'Page 3 is wrong' });
    const { json: own } = await c.admin<{ remarkId: string }>('POST', '/admin/remarks', { hearingId: `H-room7-${name}`, author: 'Chair', text: 'Page 4 is wrong' });
    const decision = (seq: number, remarkId: string) => ({ seq, kind: 'remark.decision', ref: remarkId, payload: { remarkId, decision: 'accepted', reason: '', decidedAt: T0 }, createdAt: T0 });
    // evil is in Room 7 (enrollRaw's default): it may decide Room 7's remark, not Room 99's.
    const r = await post(c, '/v1/events', evil.token, { events: [decision(10, foreign.remarkId), decision(11, own.remarkId)] });
    expect(r.status).toBe(200);
    expect((await c.admin<{ status: string }>('GET', `/admin/remarks/${foreign.remarkId}`)).json.status).toBe('pending');
    expect((await c.admin<{ status: string }>('GET', `/admin/remarks/${own.remarkId}`)).json.status).toBe('accepted');
  });

  it.skipIf(skip)('every admin route and the Situation Center page without the admin token: 401', async () => {
    const admin = (Object.values(routes) as RouteSpec[]).filter((r) => r.auth === 'admin');
    expect(admin.length).toBeGreaterThan(5);
    for (const r of admin) {
      const url = new URL(r.url.replace(/:(\w+)/g, 'x'), c.url);
      for (const authorization of [undefined, `Bearer ${evil.token}`, `Bearer ${'x'.repeat(32)}`, `Basic ${Buffer.from('admin:guess').toString('base64')}`]) {
        const res = await fetch(url, { method: r.method, headers: { ...(authorization ? { authorization } : {}), ...(r.method !== 'GET' ? { 'content-type': 'application/json' } : {}) }, body: r.method !== 'GET' ? '{}' : undefined });
        expect(res.status, `${r.method} ${r.url} with ${authorization ?? 'nothing'}`).toBe(401);
      }
    }
    const page = await fetch(c.url);
    expect(page.status).toBe(401);
    expect(page.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await page.text()).not.toContain(victim.id);
    const withToken = await fetch(c.url, { headers: { authorization: `Basic ${Buffer.from(`admin:${c.adminToken}`).toString('base64')}` } });
    expect(withToken.status).toBe(200);
    expect(await withToken.text()).toContain(victim.id);
  });

  it.skipIf(skip)('JSON nested deeper than 64 levels: 400, not 500, and the server keeps serving', async () => {
    const nested = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    for (const n of [65, 100_000]) {
      const body = `{"events":[{"seq":90,"kind":"protocol.entry","ref":"1","createdAt":"${T0}","payload":${nested(n)}}]}`;
      const r = await post(c, '/v1/events', evil.token, body, true);
      expect(r.status, `depth ${n}`).toBe(400);
      expect(r.json.error).toBe('bad_json');
      const e = await fetch(new URL('/v1/enroll', c.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"code":${nested(n)}}` });
      expect(e.status).toBe(400);
      const a = await fetch(new URL('/admin/remarks', c.url), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${c.adminToken}` }, body: `{"text":${nested(n)}}` });
      expect(a.status).toBe(400);
    }
    // A string full of brackets is not nesting.
    const ok = await post(c, '/v1/heartbeat', evil.token, { clock: Date.now(), recording: false, hearingId: '['.repeat(100), alarms: [], diskHoursLeft: 1, backlog: { events: 0, segments: 0, bytes: 0 }, version: '0.1.0' });
    expect(ok.status).toBe(200);
    const { json: held } = await c.admin<Array<{ seq: number }>>('GET', `/admin/events?station=evil`);
    expect(held.map((e) => e.seq)).not.toContain(90);
    expect((await fetch(new URL('/healthz', c.url))).status).toBe(200);
  });
});

describe.each(backends)('central on $name rate-limits enrollment', ({ name, database, skip }) => {
  let c: CentralProcess;
  beforeAll(async () => {
    if (skip) return;
    c = await startCentral({ data: tempDir('hattama-central-flood-'), database: await database(), enrollPerMinute: 5 });
  });
  afterAll(async () => {
    await c?.stop();
  });

  it.skipIf(skip)('answers 429 once one client has guessed 5 codes within a minute, a right code included', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await enrollRaw(c, `st-flood-${name}`, `GUES-S${String(i).padStart(3, '0')}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const good = await enrollRaw(c, `st-flood-${name}`, await code(c));
    expect(good.status).toBe(429);
    expect(good.json.error).toBe('rate_limited');
    // Nothing else is limited: the admin API and health still answer.
    expect((await fetch(new URL('/healthz', c.url))).status).toBe(200);
  });
});
