import { createHash, randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TUS_METADATA } from '../../common/sync-api';
import type { Credentials } from '../../main/sync/enrollment';
import { cephUnavailable, startCephS3, type CephS3 } from '../support/ceph-s3';
import { startCentral, type CentralProcess } from '../support/central-process';
import { code, enrollRaw, post } from '../support/central-raw';
import { enroll, makeStation, makeWorker, waitFor, writeSegment, type TestStation } from '../support/station';
import { segmentAnnounced } from '../support/sync-events';
import { TcpProxy } from '../support/tcp-proxy';
import { IN_CI, tempDir } from '../support/tools';

// Central's segments in a real S3 store: Ceph's RADOS Gateway on a one-node cluster
// (test/support/ceph-s3.ts), through @tus/s3-store's multipart uploads. Upload in parts, resume
// after central dies mid-upload, the hash check, immutability, and the object read back from
// the bucket with an S3 client of its own.

const why = cephUnavailable();
if (why && IN_CI) throw new Error(`S3 store test cannot run: ${why} — required when CI=true`);
if (why) console.warn(`SKIPPED (S3 store): ${why}`);

const MiB = 1024 * 1024;
const CHUNK = 5 * MiB; // the station's PATCH size
const PART = 8 * MiB; // central's S3 part size (central/tus.ts)

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

let ceph: CephS3;
let s3: S3Client;
let data: string;
let central: CentralProcess;
let proxy: TcpProxy;
let st: TestStation;
let creds: Credentials;

const startCentralOnCeph = (o: { port?: number; bucket?: string; data?: string } = {}) =>
  startCentral({
    data: o.data ?? data,
    port: o.port ?? 0,
    env: { HATTAMA_S3_BUCKET: o.bucket ?? ceph.bucket, HATTAMA_S3_ENDPOINT: ceph.endpoint, HATTAMA_S3_ACCESS_KEY_ID: ceph.accessKeyId, HATTAMA_S3_SECRET_ACCESS_KEY: ceph.secretAccessKey },
  });

type Seg = { seq: number; status: string; sha256: string; bytes: number; uploadId: string | null };
const segments = async (station = creds.stationId) => (await central.admin<Seg[]>('GET', `/admin/segments?station=${station}`)).json;

/** The object as the bucket holds it: its SHA-256, size and ETag (a multipart ETag ends in -<parts>). */
async function download(key: string, bucket = ceph.bucket): Promise<{ sha256: string; bytes: number; etag: string }> {
  const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const body = Buffer.from(await r.Body!.transformToByteArray());
  return { sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length, etag: r.ETag ?? '' };
}

const exists = (key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: ceph.bucket, Key: key })).then(
    () => true,
    (e: { name?: string }) => (e.name === 'NotFound' ? false : Promise.reject(e)),
  );

const partsOf = (etag: string) => Number(/-(\d+)"?$/.exec(etag)?.[1] ?? 1);

describe.skipIf(why !== '')('central with segments in Ceph (RADOS Gateway)', () => {
  beforeAll(async () => {
    ceph = await startCephS3();
    cleanups.push(() => ceph.stop());
    console.log(`[s3] Ceph S3 gateway ready in ${ceph.startMs} ms (${ceph.steps.map(([s, ms]) => `${s} ${ms}`).join(', ')})`);
    s3 = new S3Client({ endpoint: ceph.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey } });
    cleanups.push(() => s3.destroy());
    data = tempDir('hattama-central-');
    central = await startCentralOnCeph();
    cleanups.push(() => central.stop());
    // The station talks through a proxy so that the resume test can count what it re-sends.
    proxy = new TcpProxy(central.port);
    await proxy.listen();
    cleanups.push(() => proxy.close());
    st = await makeStation();
    cleanups.push(() => st.close());
    creds = await enroll(st, proxy.url, await code(central));
  });

  it('uploads segments in parts into the bucket; central verifies them there and the objects read back identical', async ({ onTestFailed }) => {
    onTestFailed(() => console.log(`${central.output().slice(-3000)}\n${ceph.logs()}`));
    const health = (await (await fetch(new URL('/healthz', central.url))).json()) as { store: string };
    expect(health.store).toBe('s3');
    const segs = [writeSegment(st, 's3-sess', 0, 200_000), writeSegment(st, 's3-sess', 1, 12 * MiB + 12345)];
    const worker = makeWorker(st, creds, { chunkSize: CHUNK });
    await worker.runOnce();
    expect(worker.state().lastError).toBeNull();
    const stored = await segments();
    expect(stored.map((s) => [s.status, s.sha256, s.bytes])).toEqual(segs.map((s) => ['verified', s.sha256, s.bytes]));
    for (const [i, s] of stored.entries()) {
      const obj = await download(s.uploadId!);
      expect([obj.sha256, obj.bytes]).toEqual([segs[i]!.sha256, segs[i]!.bytes]);
      // The S3 multipart API was used: the gateway joined the big one from several parts.
      if (s.bytes > PART) expect(partsOf(obj.etag)).toBeGreaterThanOrEqual(2);
    }
    // No multipart upload is left open in the bucket.
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: ceph.bucket }))).Uploads ?? []).toEqual([]);
    console.log(`[s3] ${segs.length} segments (${segs.map((s) => s.bytes).join(', ')} bytes) verified in Ceph and read back`);
  });

  it('central killed mid-upload: the parts already in the gateway stay, the upload resumes there, the object is byte-identical', async ({ onTestFailed }) => {
    onTestFailed(() => console.log(`${central.output().slice(-3000)}\n${ceph.logs()}`));
    const seg = writeSegment(st, 's3-big', 0, 40 * MiB + 777);
    const worker = makeWorker(st, creds, { chunkSize: CHUNK, requestTimeoutMs: 5000 });
    const upBefore = proxy.bytesUp;
    let killedAt = 0;
    const killer = (async () => {
      await waitFor('upload half through', () => (worker.state().uploading?.bytesSent ?? 0) > seg.bytes * 0.5 || worker.state().segmentsPending === 0, 60_000, 2);
      if (worker.state().segmentsPending === 0) return;
      killedAt = worker.state().uploading?.bytesSent ?? 0;
      await central.kill();
    })();
    worker.start();
    cleanups.push(() => worker.stop());
    await killer;
    expect(killedAt).toBeGreaterThan(0);
    // While central is down the gateway holds the open multipart upload and its finished parts.
    const open = (await s3.send(new ListMultipartUploadsCommand({ Bucket: ceph.bucket }))).Uploads ?? [];
    expect(open).toHaveLength(1);
    const parts = (await s3.send(new ListPartsCommand({ Bucket: ceph.bucket, Key: open[0]!.Key!, UploadId: open[0]!.UploadId! }))).Parts ?? [];
    expect(parts.length).toBeGreaterThanOrEqual(1);
    const first = central;
    central = await startCentralOnCeph({ port: first.port });
    cleanups.push(() => central.stop());
    await waitFor('segment confirmed', () => worker.state().segmentsPending === 0, 120_000);
    await worker.stop();
    const resent = proxy.bytesUp - upBefore - seg.bytes;
    console.log(`[s3] central killed at ${(killedAt / MiB).toFixed(1)} MiB of ${(seg.bytes / MiB).toFixed(1)} MiB with ${parts.length} part(s) in the gateway; re-sent ${(resent / MiB).toFixed(1)} MiB; upload attempts ${worker.stats.uploadAttempts}`);
    // Lost at most: the chunk in flight and the part central was still filling. Starting over
    // would re-send everything before the kill (over 20 MiB).
    expect(resent).toBeLessThan(CHUNK + PART + 64 * 1024);
    expect(resent).toBeLessThan(killedAt);
    const row = (await segments()).find((s) => s.sha256 === seg.sha256)!;
    expect(row.status).toBe('verified');
    const obj = await download(row.uploadId!);
    expect([obj.sha256, obj.bytes]).toEqual([seg.sha256, seg.bytes]);
    expect(partsOf(obj.etag)).toBeGreaterThanOrEqual(2);
  });

  it('refuses an upload whose bytes differ from the declared hash, and keeps no object of it', async ({ onTestFailed }) => {
    onTestFailed(() => console.log(`${central.output().slice(-3000)}\n${ceph.logs()}`));
    const forger = `st-forger-${randomBytes(4).toString('hex')}`;
    const raw = await enrollRaw(central, forger, await code(central));
    const good = randomBytes(11 * MiB);
    const forged = Buffer.from(good);
    forged[forged.length - 1] = forged[forged.length - 1]! ^ 0xff;
    const sha = createHash('sha256').update(good).digest('hex');
    expect((await post(central, '/v1/events', raw.json.token, { events: [segmentAnnounced(1, { sessionId: 'f', file: 'recordings/f/audio-0000.wav', sha256: sha, bytes: good.length })] })).status).toBe(200);
    const auth = { authorization: `Bearer ${raw.json.token}`, 'tus-resumable': '1.0.0' };
    const meta = `${TUS_METADATA.seq} ${Buffer.from('1').toString('base64')},${TUS_METADATA.sha256} ${Buffer.from(sha).toString('base64')}`;
    const create = await fetch(new URL('/v1/uploads', central.url), { method: 'POST', headers: { ...auth, 'upload-length': String(forged.length), 'upload-metadata': meta } });
    expect(create.status).toBe(201);
    const loc = new URL(create.headers.get('location')!, central.url);
    const key = loc.pathname.split('/').pop()!;
    const patch = await fetch(loc, { method: 'PATCH', headers: { ...auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: forged });
    expect(patch.status).toBe(422);
    expect(await patch.text()).toMatch(/hash_mismatch/);
    expect((await segments(forger)).map((s) => [s.seq, s.status, s.uploadId])).toEqual([[1, 'rejected', null]]);
    expect(await exists(key)).toBe(false);
    expect(await exists(`${key}.info`)).toBe(false);
  });

  it("a verified segment's object is neither replaced nor removed", async ({ onTestFailed }) => {
    onTestFailed(() => console.log(`${central.output().slice(-3000)}\n${ceph.logs()}`));
    const row = (await segments()).find((s) => s.status === 'verified' && s.bytes > PART)!;
    const before = await download(row.uploadId!);
    const auth = { authorization: `Bearer ${creds.token}`, 'tus-resumable': '1.0.0' };
    const meta = `${TUS_METADATA.seq} ${Buffer.from(String(row.seq)).toString('base64')},${TUS_METADATA.sha256} ${Buffer.from(row.sha256).toString('base64')}`;
    // A second upload of the same segment is refused at creation.
    const again = await fetch(new URL('/v1/uploads', central.url), { method: 'POST', headers: { ...auth, 'upload-length': String(row.bytes), 'upload-metadata': meta } });
    expect(again.status).toBe(409);
    // Its finished upload takes no more bytes and cannot be terminated.
    const loc = new URL(`/v1/uploads/${row.uploadId}`, central.url);
    const patch = await fetch(loc, { method: 'PATCH', headers: { ...auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: randomBytes(1024) });
    expect(patch.status).toBe(409); // tus: the offset is not where the upload stands
    const del = await fetch(loc, { method: 'DELETE', headers: auth });
    expect(del.status).toBe(403);
    // The station's worker, run again, sends nothing new.
    const worker = makeWorker(st, creds, { chunkSize: CHUNK });
    await worker.runOnce();
    expect(worker.stats.uploadAttempts).toBe(0);
    expect(await download(row.uploadId!)).toEqual(before);
    expect((await segments()).find((s) => s.seq === row.seq)).toEqual(row);
  });

  it("with Object Lock on the bucket (COMPLIANCE), segments upload and verify, and central's own keys cannot delete them", async ({ onTestFailed }) => {
    // The bucket sync.md (Hardening) tells a court to run: versioned, default retention.
    const bucket = 'segments-locked';
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    await s3.send(new PutObjectLockConfigurationCommand({ Bucket: bucket, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } } } }));
    const locked = await startCentralOnCeph({ bucket, data: tempDir('hattama-central-') });
    cleanups.push(() => locked.stop());
    onTestFailed(() => console.log(`${locked.output().slice(-3000)}\n${ceph.logs()}`));
    const st2 = await makeStation({ courtroom: 'Room 2' });
    cleanups.push(() => st2.close());
    const creds2 = await enroll(st2, locked.url, await code(locked));
    const seg = writeSegment(st2, 'lock-sess', 0, 12 * MiB + 1);
    const worker = makeWorker(st2, creds2, { chunkSize: CHUNK });
    await worker.runOnce();
    expect(worker.state().lastError).toBeNull();
    const [row] = (await locked.admin<Seg[]>('GET', `/admin/segments?station=${creds2.stationId}`)).json;
    expect([row!.status, row!.sha256]).toEqual(['verified', seg.sha256]);
    const key = row!.uploadId!;
    expect((await download(key, bucket)).sha256).toBe(seg.sha256);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    // The test's S3 client holds the same user's keys as central: the version stays.
    await expect(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: head.VersionId }))).rejects.toMatchObject({ name: 'AccessDenied' });
    expect((await download(key, bucket)).sha256).toBe(seg.sha256);
  });
});
