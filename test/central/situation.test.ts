import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentral, type CentralProcess } from '../support/central-process';
import { centralBackends } from '../support/central-backends';
import { entryAdded, hearingCreated } from '../support/sync-events';
import { tempDir } from '../support/tools';
import { addUser, signIn, simStation, situation, type ScRoom, type SimStation } from './sc-client';

// The Situation Center's flags, each computed by central from what stations really push and
// beat over HTTP, on SQLite and on PostgreSQL; acknowledging a flag is audited. Thresholds that
// are minutes in production are seconds here (the same options a court sets).

const backends = centralBackends('situation');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** A hearing opened `openedAgoMs` ago on the station: its header and its 'opened' entry. */
async function openHearing(s: SimStation, localId: number, openedAgoMs: number): Promise<string> {
  const uid = randomUUID();
  const t = ago(openedAgoMs);
  await s.push(hearingCreated(++s.seq, { id: localId, uid, createdAt: t }), entryAdded(++s.seq, { hearingId: localId, hearingUid: uid, kind: 'opened', startedAt: t, hearingStatus: 'in_progress' }));
  return uid;
}

describe.each(backends)('the Situation Center on $name', ({ name, database, skip }) => {
  let c: CentralProcess;
  let data = '';
  let db: string | undefined;
  let sup = '';
  let adm = '';
  const st: Record<string, SimStation> = {};
  const id = (k: string) => `sc-${name}-${k}`;

  beforeAll(async () => {
    if (skip) return;
    data = tempDir('hattama-sc-');
    db = await database();
    c = await startCentral({ data, database: db, env: { HATTAMA_CENTRAL_OFFLINE_SECONDS: '5', HATTAMA_CENTRAL_UNRECORDED_SECONDS: '2', HATTAMA_CENTRAL_BACKLOG_MINUTES: '0.05' } });
    addUser(data, db, 'sup', 'supervisor', 'supervisor-password', 'Серікова Айгүл');
    addUser(data, db, 'adm', 'admin', 'administrator-password');
    sup = (await signIn(c, 'sup', 'supervisor-password')).cookie;
    adm = (await signIn(c, 'adm', 'administrator-password')).cookie;
    for (const k of ['rec', 'late', 'unrec', 'gap', 'mic', 'health', 'backlog', 'notready', 'untested', 'offline', 'damaged']) st[k] = await simStation(c, id(k), `Court ${name}`, `R-${k}`);
  }, 120_000);
  afterAll(async () => {
    await c?.stop();
  });

  const rooms = () => situation(c, sup);
  const room = async (k: string): Promise<ScRoom> => (await rooms()).get(id(k))!;
  const kinds = (r: ScRoom) => r.flags.map((f) => f.kind).sort();

  it.skipIf(skip)('signing in is required (303 to the sign-in page, 401 for scripts), roles are checked on every route, and cookies are HttpOnly and SameSite=Strict', async () => {
    const page = await fetch(c.url, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/signin?next=%2F');
    for (const p of ['/situation.json', '/live', '/metrics', '/rooms/x']) expect((await fetch(new URL(p, c.url))).status, p).toBe(401);
    expect((await fetch(new URL('/flags/1/ack', c.url), { method: 'POST' })).status).toBe(401);
    expect((await signIn(c, 'sup', 'wrong-password')).status).toBe(401);
    expect((await signIn(c, 'nobody', 'supervisor-password')).status).toBe(401);
    const ok = await signIn(c, 'sup', 'supervisor-password');
    expect(ok.status).toBe(303);
    expect(ok.setCookie).toMatch(/HttpOnly/);
    expect(ok.setCookie).toMatch(/SameSite=Strict/);
    // A supervisor watches, but the audit and the metrics are the administrator's.
    expect((await fetch(new URL('/audit', c.url), { headers: { cookie: sup, accept: 'text/html' } })).status).toBe(403);
    expect((await fetch(new URL('/metrics', c.url), { headers: { cookie: sup } })).status).toBe(403);
    expect((await fetch(new URL('/metrics', c.url), { headers: { cookie: adm } })).status).toBe(200);
    const html = await (await fetch(c.url, { headers: { cookie: sup } })).text();
    expect(html).toContain('<html lang="kk">');
    expect(html).toContain('Жағдаяттық орталық');
    expect(await (await fetch(new URL('/?lang=ru', c.url), { headers: { cookie: sup } })).text()).toContain('Ситуационный центр');
    // A forged cookie is nobody.
    expect((await fetch(new URL('/situation.json', c.url), { headers: { cookie: 'hattama_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } })).status).toBe(401);
  });

  it.skipIf(skip)('each flag from real pushes and heartbeats: late start, hearing without recording (not recording, and a gap), microphone, disk, clock, backlog, room not ready, offline, damaged session', async () => {
    const recUid = await openHearing(st.rec!, 1, 60_000);
    await st.rec!.heartbeat({ recording: true, hearingId: recUid });
    await c.admin('PUT', '/admin/schedule', { hearingId: `L-${name}`, court: `Court ${name}`, courtroom: 'R-late', caseNumber: '2-15/2026', judge: 'Әлиева Д.', startsAt: ago(15 * 60_000) });
    await st.late!.heartbeat();
    await openHearing(st.unrec!, 1, 60_000);
    await st.unrec!.heartbeat({ recording: false });
    const gapUid = await openHearing(st.gap!, 1, 5 * 60_000);
    await st.gap!.heartbeat({ recording: true, hearingId: gapUid });
    const micUid = await openHearing(st.mic!, 1, 60_000);
    await st.mic!.heartbeat({ recording: true, hearingId: micUid, alarms: ['deadMic ch3 (judge)'] });
    await st.health!.heartbeat({ diskHoursLeft: 2.5, clock: Date.now() + 5_000 });
    await st.backlog!.heartbeat({ backlog: { events: 10, segments: 1, bytes: 100 } });
    await st.notready!.push({ seq: ++st.notready!.seq, kind: 'room.test', ref: null, payload: { id: 'rt-1', at: ago(1000), ready: false, reasons: ['silent'], hearingId: null }, createdAt: ago(1000) });
    await st.notready!.heartbeat();
    // A station that sends its room tests, whose last passed test is 5 h old, with a hearing in 10 minutes.
    await st.untested!.push({ seq: ++st.untested!.seq, kind: 'room.test', ref: null, payload: { id: 'rt-old', at: ago(5 * 3_600_000), ready: true, reasons: [], hearingId: null }, createdAt: ago(5 * 3_600_000) });
    await c.admin('PUT', '/admin/schedule', { hearingId: `U-${name}`, court: `Court ${name}`, courtroom: 'R-untested', caseNumber: '2-16/2026', judge: 'Омаров Б.', startsAt: new Date(Date.now() + 10 * 60_000).toISOString() });
    await st.untested!.heartbeat();
    await st.offline!.heartbeat();
    await st.damaged!.push({ seq: ++st.damaged!.seq, kind: 'chain.link', ref: 'sess-x', payload: { op: 'damaged', sessionId: 'sess-x', expectedLength: 3, expectedHead: sha('h'), diskLength: 1, firstBad: 1, detail: 'link 1 missing', at: ago(0) }, createdAt: ago(0) });
    await st.damaged!.heartbeat();

    await new Promise((r) => setTimeout(r, 3_200));
    // Every room but the offline one keeps beating; the gap room recorded, then stopped; the backlog grew again.
    const beats: Record<string, () => Promise<void>> = {
      rec: () => st.rec!.heartbeat({ recording: true, hearingId: recUid }),
      late: () => st.late!.heartbeat(),
      unrec: () => st.unrec!.heartbeat({ recording: false }),
      gap: () => st.gap!.heartbeat({ recording: false }),
      mic: () => st.mic!.heartbeat({ recording: true, hearingId: micUid, alarms: ['deadMic ch3 (judge)'] }),
      health: () => st.health!.heartbeat({ diskHoursLeft: 2.5, clock: Date.now() + 5_000 }),
      backlog: () => st.backlog!.heartbeat({ backlog: { events: 25, segments: 2, bytes: 300 } }),
      notready: () => st.notready!.heartbeat(),
      untested: () => st.untested!.heartbeat(),
      damaged: () => st.damaged!.heartbeat(),
    };
    const expected = {
      rec: 'recording:',
      late: 'idle:late-start',
      unrec: 'hearing-not-recording:no-recording',
      gap: 'hearing-not-recording:no-recording',
      mic: 'recording:mic-failure',
      health: 'idle:clock,disk',
      backlog: 'idle:backlog',
      notready: 'not-ready:not-ready',
      untested: 'not-ready:not-ready',
      offline: 'offline:offline',
      damaged: 'idle:damaged',
    };
    let all = new Map<string, ScRoom>();
    await expect
      .poll(
        async () => {
          for (const b of Object.values(beats)) await b();
          await new Promise((r) => setTimeout(r, 400));
          all = await rooms();
          return Object.fromEntries(Object.keys(expected).map((k) => [k, `${all.get(id(k))!.state}:${kinds(all.get(id(k))!).join(',')}`]));
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toEqual(expected);
    const r = (k: string) => all.get(id(k))!;
    expect(r('rec').hearing?.caseNumber).toBe('2-1/2026');
    expect(r('late').flags[0]).toMatchObject({ hearingId: `L-${name}`, evidence: { caseNumber: '2-15/2026' } });
    expect(Number(r('late').flags[0]!.evidence.minutesLate)).toBeGreaterThanOrEqual(15);
    expect(r('mic').flags[0]!.evidence.alarm).toBe('deadMic ch3 (judge)');
    expect(r('notready').flags[0]!.evidence).toMatchObject({ reasons: 'silent' });
    expect(r('untested').flags[0]).toMatchObject({ hearingId: `U-${name}`, evidence: { reasons: 'missing' } });
    expect(r('damaged').flags[0]!.evidence).toMatchObject({ sessionId: 'sess-x', finding: 'damaged-session' });

    // The page says it in Kazakh.
    const html = await (await fetch(c.url, { headers: { cookie: sup } })).text();
    for (const text of ['Жазылып жатыр', 'Отырыс уақытында ашылмады', 'Станциямен байланыс жоқ', 'Микрофон ақауы', 'микрофон дыбыс бермейді, 3-арна (судья)', 'Зал дайын емес', 'микрофон үнсіз', 'отырысы алдында зал тексерілмеген']) expect(html).toContain(text);
    expect(html).not.toMatch(/>(late-start|offline|mic-failure)</);

    // Opening the late hearing clears its flag; the room's history keeps it.
    await st.late!.push(hearingCreated(++st.late!.seq, { id: 1, uid: 'late-uid', externalId: `L-${name}` }), entryAdded(++st.late!.seq, { hearingId: 1, hearingUid: 'late-uid', kind: 'opened', hearingStatus: 'in_progress' }));
    await st.late!.heartbeat({ recording: true, hearingId: `L-${name}` });
    await expect.poll(async () => kinds(await room('late')), { timeout: 10_000 }).toEqual([]);
    const page = await (await fetch(new URL(`/rooms/${id('late')}`, c.url), { headers: { cookie: sup } })).text();
    expect(page).toContain('Отырыс уақытында ашылмады');
    expect(page).toMatch(/жабылды/);
    expect(page).toContain('<svg class="timeline"');
  }, 90_000);

  it.skipIf(skip)('a supervisor acknowledges a flag: who and when on the flag and in the audit; a second acknowledgement changes nothing', async () => {
    const flag = (await room('offline')).flags[0]!;
    const ack = await fetch(new URL(`/flags/${flag.id}/ack`, c.url), { method: 'POST', headers: { cookie: sup, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: 'back=%2F' });
    expect(ack.status).toBe(200);
    const after = (await room('offline')).flags[0]!;
    expect(after.ackedBy).toBe('sup');
    expect(Date.parse(after.ackedAt!)).toBeGreaterThan(Date.now() - 60_000);
    await fetch(new URL(`/flags/${flag.id}/ack`, c.url), { method: 'POST', headers: { cookie: adm, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect((await room('offline')).flags[0]!.ackedBy).toBe('sup');
    // A form from another site is refused.
    const cross = await fetch(new URL(`/flags/${flag.id}/ack`, c.url), { method: 'POST', headers: { cookie: sup, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(cross.status).toBe(403);
    const audit = (await (await fetch(new URL('/audit', c.url), { headers: { cookie: adm, accept: 'application/json' } })).json()) as Array<{ login: string; role: string; action: string; target: string; at: string; detail: Record<string, unknown> }>;
    const acks = audit.filter((a) => a.action === 'flag.ack');
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ login: 'sup', role: 'supervisor', target: `flag:${flag.id}`, detail: { stationId: id('offline'), kind: 'offline' } });
    expect(audit.some((a) => a.action === 'signin.failed' && a.target === 'nobody')).toBe(true);
    const auditPage = await (await fetch(new URL('/audit', c.url), { headers: { cookie: adm } })).text();
    expect(auditPage).toContain('белгімен танысты');
  });

  it.skipIf(skip)('live: a heartbeat reaches an open event stream as the row of its room within 5 s', async () => {
    const ctrl = new AbortController();
    const res = await fetch(new URL('/live?lang=kk', c.url), { headers: { cookie: sup }, signal: ctrl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const t0 = Date.now();
    await st.offline!.heartbeat({ recording: true, hearingId: null });
    let text = '';
    while (!text.includes(`"id":"${id('offline')}"`)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
    }
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(text).toContain('event: room');
    expect(text).toContain('Жазылып жатыр');
    ctrl.abort();
  });

  it.skipIf(skip)('GET /health answers 200 while the database does; /metrics is Prometheus text', async () => {
    const h = await fetch(new URL('/health', c.url));
    expect(h.status).toBe(200);
    expect(await h.json()).toMatchObject({ ok: true, db: name });
    const m = await (await fetch(new URL('/metrics', c.url), { headers: { authorization: `Bearer ${c.adminToken}` } })).text();
    expect(m).toMatch(/^# TYPE hattama_central_events_ingested_total counter$/m);
    expect(Number(/^hattama_central_events_ingested_total (\d+)$/m.exec(m)?.[1])).toBeGreaterThan(5);
    expect(m).toMatch(/^hattama_central_pushes_in_flight 0$/m);
    expect(m).toMatch(/^hattama_central_flags_open\{kind="damaged"\} 1$/m);
    expect(Number(/^hattama_central_stations_online (\d+)$/m.exec(m)?.[1])).toBeGreaterThan(0);
    expect(m).toMatch(/^hattama_central_segments\{status="verified"\} \d+$/m);
    expect(m).toMatch(/^hattama_central_upload_requests_total \d+$/m);
  });
});
