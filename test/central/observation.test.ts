import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CENTRAL_KEY_FILE } from '../../central/central-key';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentral, type CentralProcess } from '../support/central-process';
import { centralBackends } from '../support/central-backends';
import { entryAdded, hearingCreated } from '../support/sync-events';
import { tempDir } from '../support/tools';
import { addUser, signIn, simStation, type SimStation } from './sc-client';

// Live observation through central, as a station and the supervisors' browsers speak to it over
// HTTP, on SQLite and on PostgreSQL: who may ask, what the station is told, the stream relayed in
// order and live, the frame, the refusals (no hearing, closed session, another room's station,
// another supervisor, not a JPEG, too large), stopping, and the audit of both.

const backends = centralBackends('observation');
const OGG_HEAD = Buffer.from('OggS-head-pages');
const chunk = (n: number) => Buffer.from(`OggS-audio-${n};`);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7), Buffer.from([0xff, 0xd9])]);

async function openHearing(s: SimStation, localId: number, o: { closed?: boolean } = {}): Promise<string> {
  const uid = randomUUID();
  await s.push(hearingCreated(++s.seq, { id: localId, uid }));
  // A closed session is the header's session mode, set as the secretary sets it: an update.
  if (o.closed) await s.push({ seq: ++s.seq, kind: 'protocol.hearing', ref: String(localId), payload: { op: 'update', id: localId, uid, updated_at: new Date().toISOString(), session_mode: 'closed' }, createdAt: new Date().toISOString() });
  await s.push(entryAdded(++s.seq, { hearingId: localId, hearingUid: uid, kind: 'opened', hearingStatus: 'in_progress' }));
  return uid;
}

describe.each(backends)('live observation through central on $name', ({ name, database, skip }) => {
  let c: CentralProcess;
  let data = '';
  let db: string | undefined;
  let sup = '';
  let other = '';
  let adm = '';
  const st: Record<string, SimStation> = {};
  const id = (k: string) => `obs-${name}-${k}`;

  beforeAll(async () => {
    if (skip) return;
    data = tempDir('hattama-obs-');
    db = await database();
    c = await startCentral({ data, database: db });
    addUser(data, db, 'sup', 'supervisor', 'supervisor-password', 'Серікова Айгүл');
    addUser(data, db, 'sup2', 'supervisor', 'supervisor-password-2', 'Омаров Ерлан');
    addUser(data, db, 'adm', 'admin', 'administrator-password');
    sup = (await signIn(c, 'sup', 'supervisor-password')).cookie;
    other = (await signIn(c, 'sup2', 'supervisor-password-2')).cookie;
    adm = (await signIn(c, 'adm', 'administrator-password')).cookie;
    for (const k of ['open', 'closed', 'idle']) st[k] = await simStation(c, id(k), `Court ${name}`, `R-${k}`);
    for (const s of Object.values(st)) await s.heartbeat();
    await openHearing(st.open!, 1);
    await openHearing(st.closed!, 1, { closed: true });
  }, 120_000);
  afterAll(async () => {
    await c?.stop();
  });

  const web = (path: string, cookie: string, init: RequestInit = {}) =>
    fetch(new URL(path, c.url), { redirect: 'manual', ...init, headers: { cookie, origin: c.url.replace(/\/$/, ''), accept: 'text/html', ...(init.headers ?? {}) } });
  const ask = (k: string, cookie = sup) => web(`/rooms/${id(k)}/observe`, cookie, { method: 'POST' });
  const station = (s: SimStation, path: string, init: RequestInit = {}) => fetch(new URL(path, c.url), { ...init, headers: { authorization: `Bearer ${s.token}`, ...(init.headers ?? {}) } });
  const poll = async (s: SimStation, wait = 0, known: string[] = []) => (await (await station(s, `/v1/observations?wait=${wait}&known=${known.join(',')}`)).json()) as { observations: Array<{ id: string; by: { login: string; name: string } }> };
  const audio = (s: SimStation, obs: string, seq: number, body: Buffer) => station(s, `/v1/observations/${obs}/audio?seq=${seq}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(body) });

  it.skipIf(skip)('a room with no open hearing, or one held in closed session, cannot be observed: central refuses in Kazakh and the station is never asked', async () => {
    const none = await ask('idle');
    expect(none.status).toBe(409);
    expect(await none.text()).toContain('Залда ашық отырыс жүріп жатқан жоқ');
    const closed = await ask('closed');
    expect(closed.status).toBe(409);
    expect(await closed.text()).toContain('жабық режимде');
    expect((await poll(st.closed!)).observations).toEqual([]);
    expect((await poll(st.idle!)).observations).toEqual([]);
    // Signing in is required, and a form from another site is refused.
    expect((await fetch(new URL(`/rooms/${id('open')}/observe`, c.url), { method: 'POST', redirect: 'manual', headers: { accept: 'text/html' } })).status).toBe(303);
    expect((await fetch(new URL(`/rooms/${id('open')}/observe`, c.url), { method: 'POST', redirect: 'manual' })).status).toBe(401);
    expect((await ask('nowhere')).status).toBe(404);
    expect((await web(`/rooms/${id('open')}/observe`, sup, { method: 'POST', headers: { origin: 'https://evil.example' } })).status).toBe(403);
  });

  it.skipIf(skip)("a supervisor observes: the station's long poll learns it at once, the stream is relayed live and in order, the frame too, and stopping is audited", async () => {
    // The station waits first; the supervisor asks while it waits.
    const waiting = poll(st.open!, 10);
    await new Promise((r) => setTimeout(r, 300));
    const asked = await ask('open');
    expect(asked.status).toBe(303);
    const obs = asked.headers.get('location')!.split('/').pop()!;
    const got = await waiting;
    expect(got.observations.map((o) => o.id)).toEqual([obs]);
    expect(got.observations[0]!.by).toMatchObject({ login: 'sup', name: 'Серікова Айгүл' });
    // Known to the station: the next poll waits (0 s here) and says the same.
    expect((await poll(st.open!, 0, [obs])).observations.map((o) => o.id)).toEqual([obs]);

    const page = await web(`/observe/${obs}`, sup);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Станцияның жауабы күтілуде');
    expect(html).toContain('/sc/observe.js');

    const status = await station(st.open!, `/v1/observations/${obs}/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: 'streaming', reason: null, hearingId: null }) });
    expect(await status.json()).toEqual({ continue: true });
    expect(await (await audio(st.open!, obs, 0, OGG_HEAD)).json()).toEqual({ continue: true });
    for (let i = 1; i <= 5; i++) expect((await audio(st.open!, obs, i, chunk(i))).status).toBe(200);

    // A listener starts live: the head and the newest chunks, not everything kept.
    const first = await web(`/observe/${obs}/audio?after=-1`, sup);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-state')).toBe('streaming');
    expect(first.headers.get('x-seq')).toBe('5');
    expect(Buffer.from(await first.arrayBuffer()).toString()).toBe(`${OGG_HEAD}${chunk(4)}${chunk(5)}`);
    // The next fetch waits for what comes next, and gets it as soon as it comes.
    const next = web(`/observe/${obs}/audio?after=5`, sup);
    await new Promise((r) => setTimeout(r, 200));
    await audio(st.open!, obs, 6, chunk(6));
    const n = await next;
    expect(n.status).toBe(200);
    expect(Buffer.from(await n.arrayBuffer()).toString()).toBe(chunk(6).toString());
    expect(n.headers.get('x-seq')).toBe('6');
    // Nothing new within the wait: 204.
    expect((await web(`/observe/${obs}/audio?after=6`, sup)).status).toBe(204);

    expect((await web(`/observe/${obs}/frame`, sup)).status).toBe(404);
    const frame = await station(st.open!, `/v1/observations/${obs}/frame`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(JPEG) });
    expect(await frame.json()).toEqual({ continue: true });
    const img = await web(`/observe/${obs}/frame`, sup);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await img.arrayBuffer()).equals(JPEG)).toBe(true);

    const metrics = await (await fetch(new URL('/metrics', c.url), { headers: { cookie: adm } })).text();
    expect(Number(/^hattama_central_observations_open (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    // Only the observer (or an administrator) reaches the stream; another room's station cannot feed it.
    expect((await web(`/observe/${obs}/audio?after=-1`, other)).status).toBe(404);
    expect((await web(`/observe/${obs}`, other)).status).toBe(404);
    expect((await web(`/observe/${obs}/frame`, adm)).status).toBe(200);
    expect((await audio(st.idle!, obs, 7, chunk(7))).status).toBe(404);
    // Not a JPEG, an empty body, a body over the limit: refused, nothing stored.
    expect((await station(st.open!, `/v1/observations/${obs}/frame`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: '<svg onload=alert(1)>' })).status).toBe(400);
    expect((await audio(st.open!, obs, 7, Buffer.alloc(0))).status).toBe(400);
    expect((await audio(st.open!, obs, 7, Buffer.alloc(300 * 1024, 1))).status).toBe(413);
    expect((await audio(st.open!, obs, -1, chunk(7))).status).toBe(400);

    // The supervisor stops: the station's next send is answered "no one observes", and the poll no longer names it.
    const stop = await web(`/observe/${obs}/stop`, sup, { method: 'POST' });
    expect(stop.status).toBe(303);
    expect(await (await audio(st.open!, obs, 7, chunk(7))).json()).toEqual({ continue: false });
    expect((await poll(st.open!, 0, [obs])).observations).toEqual([]);
    expect((await web(`/observe/${obs}/audio?after=6`, sup)).headers.get('x-state')).toBe('ended');
    const ended = await (await web(`/observe/${obs}`, sup)).text();
    expect(ended).toContain('Бақылау');
    expect(ended).toContain('тоқтатылды');

    const rows = (await (await fetch(new URL('/audit', c.url), { headers: { cookie: adm, accept: 'application/json' } })).json()) as Array<{ login: string; action: string; target: string; detail: Record<string, unknown> }>;
    const mine = rows.filter((r) => r.detail.observationId === obs).map((r) => `${r.login} ${r.action} ${r.target}`);
    expect(mine.sort()).toEqual([`sup observe.start station:${id('open')}`, `sup observe.stop station:${id('open')}`]);
  });

  it.skipIf(skip)("the station's core started again: its new stream (seq from 0) reaches a listener who was ahead of it; a station that sends nothing is shown as silent", async () => {
    const obs = (await ask('open')).headers.get('location')!.split('/').pop()!;
    await station(st.open!, `/v1/observations/${obs}/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: 'streaming', reason: null, hearingId: null }) });
    await audio(st.open!, obs, 0, OGG_HEAD);
    for (let i = 1; i <= 3; i++) await audio(st.open!, obs, i, chunk(i));
    expect((await web(`/observe/${obs}/audio?after=-1`, sup)).headers.get('x-seq')).toBe('3');
    const head2 = Buffer.from('OggS-new-head');
    await audio(st.open!, obs, 0, head2);
    await audio(st.open!, obs, 1, chunk(101));
    const again = await web(`/observe/${obs}/audio?after=3`, sup);
    expect(again.headers.get('x-seq')).toBe('1');
    expect(Buffer.from(await again.arrayBuffer()).toString()).toBe(`${head2}${chunk(101)}`);
    // Nothing more from the station: after 5 s the page is told it is silent, not live.
    let state = '';
    const until = Date.now() + 9_000;
    while (state !== 'stalled' && Date.now() < until) state = (await web(`/observe/${obs}/audio?after=1`, sup)).headers.get('x-state') ?? '';
    expect(state).toBe('stalled');
    await web(`/observe/${obs}/stop`, sup, { method: 'POST' });
  });

  it.skipIf(skip)('the station refuses by its own rules: the observation ends with the reason, and the page says why', async () => {
    const asked = await ask('open');
    const obs = asked.headers.get('location')!.split('/').pop()!;
    const r = await station(st.open!, `/v1/observations/${obs}/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: 'refused', reason: 'sealed', hearingId: null }) });
    expect(await r.json()).toEqual({ continue: false });
    expect((await poll(st.open!)).observations).toEqual([]);
    const html = await (await web(`/observe/${obs}`, sup)).text();
    expect(html).toContain('Судья жазбаның осы бөлігіне қол жеткізуді жапты');
    expect(html).not.toContain('/sc/observe.js');
    // A reason the contract does not know is a 400.
    const bad = await station(st.open!, `/v1/observations/${obs}/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: 'refused', reason: 'because', hearingId: null }) });
    expect(bad.status).toBe(400);
  });

  // Two processes share PostgreSQL; a SQLite central is one process by design.
  if (name === 'postgres') it.skipIf(skip)('across two central processes on one PostgreSQL: the station polls and streams to one, the supervisor asks and listens on the other', async () => {
    // The second instance is given the same two files, as production instances are; nothing else.
    const dataB = tempDir('hattama-obs-b-');
    for (const f of ['admin-token', CENTRAL_KEY_FILE]) fs.copyFileSync(path.join(data, f), path.join(dataB, f));
    const b = await startCentral({ data: dataB, database: db });
    try {
      const onB = (p: string, init: RequestInit = {}) => fetch(new URL(p, b.url), { redirect: 'manual', ...init, headers: { cookie: sup, origin: b.url.replace(/\/$/, ''), accept: 'text/html', ...(init.headers ?? {}) } });
      const waiting = poll(st.open!, 10);
      await new Promise((r) => setTimeout(r, 300));
      const asked = await onB(`/rooms/${id('open')}/observe`, { method: 'POST' });
      expect(asked.status).toBe(303);
      const obs = asked.headers.get('location')!.split('/').pop()!;
      expect((await waiting).observations.map((o) => o.id)).toEqual([obs]);
      await station(st.open!, `/v1/observations/${obs}/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: 'streaming', reason: null, hearingId: null }) });
      await audio(st.open!, obs, 0, OGG_HEAD);
      await audio(st.open!, obs, 1, chunk(1));
      const got = await onB(`/observe/${obs}/audio?after=-1`);
      expect(got.headers.get('x-state')).toBe('streaming');
      expect(Buffer.from(await got.arrayBuffer()).toString()).toBe(`${OGG_HEAD}${chunk(1)}`);
      expect((await onB(`/observe/${obs}/stop`, { method: 'POST' })).status).toBe(303);
      expect(await (await audio(st.open!, obs, 2, chunk(2))).json()).toEqual({ continue: false });
    } finally {
      await b.stop();
    }
  });
});
