import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCentralDb } from '../../central/db';
import { startCentral, type CentralProcess } from '../support/central-process';
import { enrollRaw, post } from '../support/central-raw';
import { centralBackends } from '../support/central-backends';
import { entryAdded, hearingCreated, segmentAnnounced } from '../support/sync-events';
import { tempDir } from '../support/tools';

// Central's API against bad input, on both metadata backends: SQLite (default) and a real
// PostgreSQL. Every refusal is a clear 4xx with an error code, nothing is stored, and the
// server keeps serving.

const backends = centralBackends('central');

/**
 * A 9 MiB body, announced by Content-Length: central must answer 413 from the header alone,
 * without reading the body (so the client sends only its first KiB, then waits for the answer).
 */
function postLarge(c: CentralProcess, path: string, token: string, size: number): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, c.url), { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': size, authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> });
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') reject(e);
    });
    req.write(`{"events":[{"seq":50,"kind":"protocol.entry","ref":"1","createdAt":"x","payload":"${'x'.repeat(1000)}`);
  });
}

// Deterministic content: the same seq and text is the same event (a retry), other text is not.
const T0 = '2026-03-02T04:00:00.000Z';
const ev = (seq: number, text = `entry ${seq}`) => entryAdded(seq, { hearingId: 1, hearingUid: 'hearing-1', entryId: seq, uid: `entry-${seq}`, text, startedAt: T0 });

describe.each(backends)('central on $name', ({ name, database, skip }) => {
  let c: CentralProcess;
  let token = '';
  let data = '';
  let databaseUrl: string | undefined;
  const stationId = `st-${name}-1`;

  beforeAll(async () => {
    if (skip) return;
    data = tempDir('hattama-central-');
    databaseUrl = await database();
    c = await startCentral({ data, database: databaseUrl });
    const { json } = await c.admin<{ code: string }>('POST', '/admin/codes', {});
    const r = await enrollRaw(c, stationId, json.code);
    expect(r.status).toBe(200);
    token = r.json.token;
  });
  afterAll(async () => {
    await c?.stop();
  });

  it.skipIf(skip)('publishes its API as OpenAPI and serves the station list', async () => {
    const doc = (await (await fetch(new URL('/openapi.json', c.url))).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/enroll', '/v1/events', '/v1/heartbeat', '/v1/feeds', '/v1/segments/{seq}']));
    const health = (await (await fetch(new URL('/healthz', c.url))).json()) as { db: string };
    expect(health.db).toBe(name);
  });

  it.skipIf(skip)('stores events exactly once; a retry is harmless, a replayed seq with other content is refused whole', async () => {
    expect((await post(c, '/v1/events', token, { events: [ev(1), ev(2), ev(3)] })).json).toEqual({ stored: 3, duplicates: 0, highestSeq: 3 });
    expect((await post(c, '/v1/events', token, { events: [ev(2), ev(3), ev(4)] })).json).toEqual({ stored: 1, duplicates: 2, highestSeq: 4 });
    const replay = await post(c, '/v1/events', token, { events: [ev(5), ev(2, 'forged')] });
    expect(replay.status).toBe(409);
    expect(replay.json.error).toBe('seq_conflict');
    const { json: held } = await c.admin<Array<{ seq: number; payload: { revision: { text: string } } }>>('GET', `/admin/events?station=${stationId}`);
    expect(held.map((e) => e.seq)).toEqual([1, 2, 3, 4]); // 5 not stored either
    expect(held[1]!.payload.revision.text).toBe('entry 2');
  });

  it.skipIf(skip)('refuses unknown stations, bad tokens and revoked stations with 401, storing nothing', async () => {
    const fake = `st-intruder.${'x'.repeat(43)}`;
    const r1 = await post(c, '/v1/events', fake, { events: [ev(1)] });
    expect(r1.status).toBe(401);
    expect(r1.json.error).toBe('unauthorized');
    const r2 = await post(c, '/v1/events', `${stationId}.${'y'.repeat(43)}`, { events: [ev(100)] });
    expect(r2.status).toBe(401);
    const r3 = await fetch(new URL('/v1/feeds', c.url));
    expect(r3.status).toBe(401);
    const bad = await enrollRaw(c, 'st-nocode', 'ABCD-EFGH');
    expect(bad.status).toBe(401);
    expect(bad.json.error).toBe('code_invalid');
    // A second station, enrolled then revoked
    const { json } = await c.admin<{ code: string }>('POST', '/admin/codes', {});
    const other = await enrollRaw(c, 'st-revoked', json.code);
    expect((await post(c, '/v1/events', other.json.token, { events: [ev(1)] })).status).toBe(200);
    await c.admin('POST', '/admin/stations/st-revoked/revoke');
    await new Promise((r) => setTimeout(r, 50));
    expect((await post(c, '/v1/events', other.json.token, { events: [ev(2)] })).status).toBe(401);
    const { json: held } = await c.admin<unknown[]>('GET', '/admin/events?station=st-intruder');
    expect(held).toEqual([]);
    const { json: rev } = await c.admin<unknown[]>('GET', '/admin/events?station=st-revoked');
    expect(rev).toHaveLength(1);
  });

  it.skipIf(skip)('answers malformed JSON, schema violations and oversized bodies with 4xx and keeps serving', async () => {
    const bad = await post(c, '/v1/events', token, '{"events": [', true);
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('bad_json');
    const schema = await post(c, '/v1/events', token, { events: [{ seq: -1, kind: '', payload: 1 }] });
    expect(schema.status).toBe(400);
    expect(schema.json.error).toBe('bad_request');
    const big = await postLarge(c, '/v1/events', token, 9 * 1024 * 1024);
    expect(big.status).toBe(413);
    expect(big.json.error).toBe('too_large');
    const seg = await post(c, '/v1/events', token, { events: [segmentAnnounced(60, { sessionId: 's', file: 'f.wav', sha256: 'nothex', bytes: 1 })] });
    expect(seg.status).toBe(422);
    expect(seg.json.error).toBe('invalid_event');
    const { json: held } = await c.admin<Array<{ seq: number }>>('GET', `/admin/events?station=${stationId}`);
    expect(held.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect((await fetch(new URL('/healthz', c.url))).status).toBe(200);
  });

  it.skipIf(skip)('refuses a segment whose bytes do not match the declared SHA-256, and keeps no copy', async () => {
    const good = Buffer.from('RIFF....WAVE real audio');
    const other = Buffer.from('RIFF....WAVE forged one');
    const sha = createHash('sha256').update(good).digest('hex');
    expect((await post(c, '/v1/events', token, { events: [segmentAnnounced(70, { sessionId: 's1', file: 'recordings/s1/a.wav', sha256: sha, bytes: good.length })] })).status).toBe(200);
    const auth = { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' };
    const meta = (s: string) => `seq ${Buffer.from('70').toString('base64')},sha256 ${Buffer.from(s).toString('base64')}`;
    // Declares a different hash than the event did: refused at creation.
    const wrongDecl = await fetch(new URL('/v1/uploads', c.url), { method: 'POST', headers: { ...auth, 'upload-length': String(good.length), 'upload-metadata': meta('0'.repeat(64)) } });
    expect(wrongDecl.status).toBe(422);
    // Declares the right hash, sends other bytes: refused when the last byte lands.
    const create = await fetch(new URL('/v1/uploads', c.url), { method: 'POST', headers: { ...auth, 'upload-length': String(other.length), 'upload-metadata': meta(sha) } });
    expect(create.status).toBe(201);
    const loc = new URL(create.headers.get('location')!, c.url);
    const patch = await fetch(loc, { method: 'PATCH', headers: { ...auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: other });
    expect(patch.status).toBe(422);
    expect(await patch.text()).toMatch(/hash_mismatch/);
    const { json: segs } = await c.admin<Array<{ seq: number; status: string; path: string | null }>>('GET', `/admin/segments?station=${stationId}`);
    expect(segs).toEqual([expect.objectContaining({ seq: 70, status: 'rejected', path: null })]);
    expect(fs.existsSync(`${loc.pathname}`)).toBe(false);
    // Another station cannot touch this station's upload.
    const st = await fetch(new URL(`/v1/segments/70`, c.url), { headers: { authorization: `Bearer st-intruder.${'x'.repeat(43)}` } });
    expect(st.status).toBe(401);
    // The right bytes are then accepted.
    const create2 = await fetch(new URL('/v1/uploads', c.url), { method: 'POST', headers: { ...auth, 'upload-length': String(good.length), 'upload-metadata': meta(sha) } });
    const patch2 = await fetch(new URL(create2.headers.get('location')!, c.url), { method: 'PATCH', headers: { ...auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: good });
    expect(patch2.status).toBe(204);
    const status = await (await fetch(new URL('/v1/segments/70', c.url), { headers: { authorization: `Bearer ${token}` } })).json();
    expect(status).toMatchObject({ status: 'verified', sha256: sha });
  });

  it.skipIf(skip)('keeps the last heartbeat per station and flags late starts and hearings closed without recording', async () => {
    const startsAt = new Date(Date.now() - 40 * 60_000).toISOString();
    await c.admin('PUT', '/admin/schedule', { hearingId: 'H-late', courtroom: 'Room 7', caseNumber: '2-1/2026', startsAt });
    await c.admin('PUT', '/admin/schedule', { hearingId: 'H-ok', courtroom: 'Room 7', caseNumber: '2-2/2026', startsAt: new Date().toISOString() });
    const at = new Date().toISOString();
    const late = hearingCreated(200, { id: 9, uid: 'u-9', externalId: 'H-late', createdAt: at });
    const opened = entryAdded(201, { hearingId: 9, hearingUid: 'u-9', kind: 'opened', startedAt: at });
    const closed = entryAdded(202, { hearingId: 9, hearingUid: 'u-9', kind: 'closed', startedAt: at, hearingStatus: 'closed' });
    expect((await post(c, '/v1/events', token, { events: [late, opened, closed] })).status).toBe(200);
    // What the events say is held as typed records, not only as the raw log.
    const opened2 = await openCentralDb({ dataDir: data, databaseUrl });
    try {
      const h = await opened2.db.selectFrom('protocol_hearings').selectAll().where('station_id', '=', stationId).where('hearing_uid', '=', 'u-9').executeTakeFirstOrThrow();
      expect(h).toMatchObject({ local_id: 9, external_id: 'H-late', status: 'closed', actual_start: at, actual_end: at });
      const kinds = await opened2.db.selectFrom('protocol_entries').select('kind').where('station_id', '=', stationId).where('hearing_uid', '=', 'u-9').orderBy('local_id').execute();
      expect(kinds.map((k) => k.kind)).toEqual(['opened', 'closed']);
      const revs = await opened2.db.selectFrom('protocol_revisions').select(['rev', 'op']).where('station_id', '=', stationId).where('entry_uid', '=', opened.payload.uid).execute();
      expect(revs).toEqual([{ rev: 1, op: 'entry.add' }]);
    } finally {
      await opened2.close();
    }
    const hb = { clock: Date.now(), recording: true, hearingId: 'H-ok', alarms: ['deadMic ch3 (witness)'], diskHoursLeft: 412.5, backlog: { events: 3, segments: 1, bytes: 1000 }, version: '0.1.0' };
    expect((await post(c, '/v1/heartbeat', token, hb)).status).toBe(200);
    expect((await post(c, '/v1/heartbeat', token, { ...hb, clock: 'noon' })).status).toBe(400);
    const { json: stations } = await c.admin<Array<{ stationId: string; state: { recording: boolean } | null; flags: Array<{ kind: string; hearingId: string | null }> }>>('GET', '/admin/stations');
    const me = stations.find((s) => s.stationId === stationId)!;
    expect(me.state?.recording).toBe(true);
    const kinds = me.flags.map((f) => `${f.kind}:${f.hearingId}`);
    expect(kinds).toEqual(expect.arrayContaining(['late-start:H-late', 'closed-without-recording:H-late', 'alarm:H-ok']));
    expect(kinds.some((k) => k.endsWith(':H-ok') && !k.startsWith('alarm'))).toBe(false);
    const html = await (await fetch(c.url, { headers: { authorization: `Basic ${Buffer.from(`admin:${c.adminToken}`).toString('base64')}` } })).text();
    expect(html).toContain(`id="room-${stationId}"`);
    expect(html).toContain('<html lang="kk">');
  });
  it.skipIf(skip)('refuses a batch with an event of an unknown kind (422) and stores none of it', async () => {
    const before = await c.admin<Array<{ seq: number }>>('GET', `/admin/events?station=${stationId}`);
    const unknown = { seq: 301, kind: 'protocol.gossip', ref: '1', payload: { text: 'hello' }, createdAt: T0 };
    const r = await post(c, '/v1/events', token, { events: [ev(300), unknown, ev(302)] });
    expect(r.status).toBe(422);
    expect(r.json.error).toBe('invalid_event');
    expect(String(r.json.message)).toContain('301');
    const after = await c.admin<Array<{ seq: number }>>('GET', `/admin/events?station=${stationId}`);
    expect(after.json.map((e) => e.seq)).toEqual(before.json.map((e) => e.seq));
    const { json: stations } = await c.admin<Array<{ stationId: string; highestSeq: number }>>('GET', '/admin/stations');
    expect(stations.find((s) => s.stationId === stationId)?.highestSeq).toBe(202);
  });

  it.skipIf(skip)('refuses a batch with a payload missing a required field (422) and stores none of it, typed records included', async () => {
    const before = await c.admin<Array<{ seq: number }>>('GET', `/admin/events?station=${stationId}`);
    const h = hearingCreated(310, { id: 31, uid: 'u-31' });
    const { sha256: _missing, ...noHash } = segmentAnnounced(311, { sessionId: 's31', file: 'recordings/s31/a.wav', sha256: 'a'.repeat(64), bytes: 10 }).payload;
    const r = await post(c, '/v1/events', token, { events: [h, { seq: 311, kind: 'segment', ref: 's31', payload: noHash, createdAt: T0 }] });
    expect(r.status).toBe(422);
    expect(r.json.error).toBe('invalid_event');
    expect(String(r.json.message)).toContain('sha256');
    const after = await c.admin<Array<{ seq: number }>>('GET', `/admin/events?station=${stationId}`);
    expect(after.json.map((e) => e.seq)).toEqual(before.json.map((e) => e.seq));
    const st = await fetch(new URL('/v1/segments/311', c.url), { headers: { authorization: `Bearer ${token}` } });
    expect(st.status).toBe(404);
    const db = await openCentralDb({ dataDir: data, databaseUrl });
    try {
      expect(await db.db.selectFrom('protocol_hearings').selectAll().where('station_id', '=', stationId).where('hearing_uid', '=', 'u-31').execute()).toEqual([]);
    } finally {
      await db.close();
    }
    // The same batch, whole, is then accepted.
    const ok = await post(c, '/v1/events', token, { events: [h, segmentAnnounced(311, { sessionId: 's31', file: 'recordings/s31/a.wav', sha256: 'a'.repeat(64), bytes: 10 })] });
    expect(ok.json).toEqual({ stored: 2, duplicates: 0, highestSeq: 311 });
  });
});
