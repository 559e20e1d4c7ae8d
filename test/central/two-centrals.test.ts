import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTRAL_KEY_FILE } from '../../central/central-key';
import { TUS_METADATA } from '../../common/sync-api';
import { cephUnavailable, startCephS3, type CephS3 } from '../support/ceph-s3';
import { startCentral, type CentralProcess } from '../support/central-process';
import { code, enrollRaw, post } from '../support/central-raw';
import { postgresUnavailable, startPostgres, type Pg } from '../support/postgres';
import { entryAdded, segmentAnnounced } from '../support/sync-events';
import { IN_CI, tempDir } from '../support/tools';

// Central keeps nothing of its own beyond its database and its object store: two `hattama
// central` processes, each with its own data directory (holding only the two key files every
// instance is given, docs/central.md), on one PostgreSQL and one Ceph S3 gateway. A segment upload
// started on one is resumed on the other and verified there; what is pushed to one is read from
// the other.

const why = postgresUnavailable() || cephUnavailable();
if (why && IN_CI) throw new Error(`two-centrals test cannot run: ${why} — required when CI=true`);
if (why) console.warn(`SKIPPED (two centrals): ${why}`);

const MiB = 1024 * 1024;
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

let pg: Pg;
let ceph: CephS3;
let s3: S3Client;
let a: CentralProcess;
let b: CentralProcess;

type Seg = { seq: number; status: string; sha256: string; bytes: number; uploadId: string | null };

describe.skipIf(why !== '')('two central processes on one PostgreSQL and one S3 store', () => {
  beforeAll(async () => {
    [pg, ceph] = await Promise.all([startPostgres(), startCephS3()]);
    cleanups.push(() => pg.stop(), () => ceph.stop());
    s3 = new S3Client({ endpoint: ceph.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey } });
    cleanups.push(() => s3.destroy());
    const database = await pg.freshDatabase('two_centrals');
    const env = { HATTAMA_S3_BUCKET: ceph.bucket, HATTAMA_S3_ENDPOINT: ceph.endpoint, HATTAMA_S3_ACCESS_KEY_ID: ceph.accessKeyId, HATTAMA_S3_SECRET_ACCESS_KEY: ceph.secretAccessKey };
    const dataA = tempDir('hattama-central-a-');
    a = await startCentral({ data: dataA, database, env });
    cleanups.push(() => a.stop());
    // The second instance is given the same two files, as production instances are; nothing else.
    const dataB = tempDir('hattama-central-b-');
    for (const f of ['admin-token', CENTRAL_KEY_FILE]) fs.copyFileSync(path.join(dataA, f), path.join(dataB, f));
    b = await startCentral({ data: dataB, database, env });
    cleanups.push(() => b.stop());
  });

  it('a segment upload started on one central resumes on the other; the object in S3 is the segment, byte for byte, and verified', async ({ onTestFailed }) => {
    onTestFailed(() => console.log(`[a]\n${a.output().slice(-3000)}\n[b]\n${b.output().slice(-3000)}\n${ceph.logs()}`));
    const station = await enrollRaw(a, 'st-two', await code(a));
    expect(station.status).toBe(200);
    const token = station.json.token;
    const bytes = randomBytes(13 * MiB + 4321);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect((await post(a, '/v1/events', token, { events: [segmentAnnounced(1, { sessionId: 'two', file: 'recordings/two/audio-0000.wav', sha256, bytes: bytes.length })] })).status).toBe(200);

    const auth = { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' };
    const meta = `${TUS_METADATA.seq} ${Buffer.from('1').toString('base64')},${TUS_METADATA.sha256} ${Buffer.from(sha256).toString('base64')}`;
    const create = await fetch(new URL('/v1/uploads', a.url), { method: 'POST', headers: { ...auth, 'upload-length': String(bytes.length), 'upload-metadata': meta } });
    expect(create.status).toBe(201);
    const id = new URL(create.headers.get('location')!, a.url).pathname.split('/').pop()!;
    // The first 9 MiB to A: one whole 8 MiB part and the start of the next in the bucket.
    const half = 9 * MiB;
    const first = await fetch(new URL(`/v1/uploads/${id}`, a.url), { method: 'PATCH', headers: { ...auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: bytes.subarray(0, half) });
    expect(first.status).toBe(204);
    expect(first.headers.get('upload-offset')).toBe(String(half));

    // B has never seen this upload: it learns where it stands from the bucket.
    const head = await fetch(new URL(`/v1/uploads/${id}`, b.url), { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe(String(half));
    const rest = await fetch(new URL(`/v1/uploads/${id}`, b.url), { method: 'PATCH', headers: { ...auth, 'upload-offset': String(half), 'content-type': 'application/offset+octet-stream' }, body: bytes.subarray(half) });
    expect(rest.status).toBe(204);
    expect(rest.headers.get('upload-offset')).toBe(String(bytes.length));

    // Verified (B hashed the object it completed), and A says so too: the state is in the database.
    for (const c of [a, b]) {
      const segs = (await c.admin<Seg[]>('GET', '/admin/segments?station=st-two')).json;
      expect(segs.map((s) => [s.seq, s.status, s.sha256, s.bytes, s.uploadId])).toEqual([[1, 'verified', sha256, bytes.length, id]]);
    }
    const status = await fetch(new URL('/v1/segments/1', a.url), { headers: { authorization: `Bearer ${token}` } });
    expect(((await status.json()) as { status: string }).status).toBe('verified');
    const obj = await s3.send(new GetObjectCommand({ Bucket: ceph.bucket, Key: id }));
    const stored = Buffer.from(await obj.Body!.transformToByteArray());
    expect(stored.length).toBe(bytes.length);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(sha256);
  });

  it('events pushed to one central are read from the other, exactly once whichever one a retry reaches', async () => {
    const station = await enrollRaw(b, 'st-two-events', await code(b));
    const token = station.json.token;
    const batch = [1, 2, 3].map((seq) => entryAdded(seq, { hearingId: 1, hearingUid: 'two-hearing', text: `entry ${seq} via A` }));
    expect((await post(a, '/v1/events', token, { events: batch })).json).toMatchObject({ stored: 3, duplicates: 0, highestSeq: 3 });
    // The same batch again, to the other instance (a station behind a balancer retrying): held already.
    expect((await post(b, '/v1/events', token, { events: batch })).json).toMatchObject({ stored: 0, duplicates: 3, highestSeq: 3 });
    const next = entryAdded(4, { hearingId: 1, hearingUid: 'two-hearing', text: 'entry 4 via B' });
    expect((await post(b, '/v1/events', token, { events: [next] })).json).toMatchObject({ stored: 1, highestSeq: 4 });
    for (const c of [a, b]) {
      const { json } = await c.admin<Array<{ seq: number; payload: { revision: { text: string } } }>>('GET', '/admin/events?station=st-two-events');
      expect(json.map((e) => [e.seq, e.payload.revision.text])).toEqual([
        [1, 'entry 1 via A'],
        [2, 'entry 2 via A'],
        [3, 'entry 3 via A'],
        [4, 'entry 4 via B'],
      ]);
    }
    // A revoke on one instance reaches the other within its token reload (5 s, station-auth.ts).
    expect((await a.admin('POST', '/admin/stations/st-two-events/revoke')).status).toBe(200);
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && (status = (await post(b, '/v1/heartbeat', token, { clock: Date.now(), recording: false, hearingId: null, alarms: [], diskHoursLeft: 300, backlog: { events: 0, segments: 0, bytes: 0 }, version: '0.1.0' })).status) !== 401) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(401);
  });
});
