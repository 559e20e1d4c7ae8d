import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { startCentral, type CentralProcess } from '../support/central-process';
import { enroll, makeStation, makeWorker, writeSegment } from '../support/station';
import { tempDir } from '../support/tools';

// Segments in an S3-compatible store (@tus/s3-store) against s3rver on loopback.

const require = createRequire(import.meta.url);
let S3rver: (new (o: Record<string, unknown>) => { run(): Promise<{ port: number }>; close(): Promise<void> }) | null = null;
let why = '';
try {
  S3rver = require('s3rver');
} catch (e) {
  why = `s3rver not installed (${(e as Error).message.split('\n')[0]})`;
}
if (!S3rver) console.warn(`SKIPPED (S3 store): ${why}`);

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('central with segments in S3', () => {
  it.skipIf(!S3rver)('uploads segments to an S3 bucket and verifies their hash there (if the S3 server implements multipart)', async ({ skip }) => {
    const s3 = new S3rver!({ port: 0, address: '127.0.0.1', silent: true, directory: tempDir('hattama-s3-'), configureBuckets: [{ name: 'segments' }] });
    const { port } = await s3.run();
    cleanups.push(() => s3.close());
    let central: CentralProcess;
    try {
      central = await startCentral({
        data: tempDir('hattama-central-'),
        env: { HATTAMA_S3_BUCKET: 'segments', HATTAMA_S3_ENDPOINT: `http://127.0.0.1:${port}`, HATTAMA_S3_ACCESS_KEY_ID: 'S3RVER', HATTAMA_S3_SECRET_ACCESS_KEY: 'S3RVER' },
      });
    } catch (e) {
      throw new Error(`central with S3 did not start: ${(e as Error).message}`, { cause: e });
    }
    cleanups.push(() => central.stop());
    const health = (await (await fetch(new URL('/healthz', central.url))).json()) as { store: string };
    expect(health.store).toBe('s3');
    const st = await makeStation();
    cleanups.push(() => st.close());
    const { json } = await central.admin<{ code: string }>('POST', '/admin/codes', {});
    const creds = await enroll(st, central.url, json.code);
    const segs = [writeSegment(st, 's3-sess', 0, 200_000), writeSegment(st, 's3-sess', 1, 6 * 1024 * 1024)];
    const worker = makeWorker(st, creds, { chunkSize: 5 * 1024 * 1024 });
    try {
      await worker.runOnce();
    } catch (e) {
      // s3rver 3.7.1 (the last release) does not implement the multipart calls @tus/s3-store
      // makes; say so plainly instead of pretending the S3 path was exercised end to end.
      // Reported as a skip with its reason, never as a pass: the S3 path is not proven here.
      const detail = `${(e as Error).message} ${JSON.stringify((e as { params?: unknown }).params)} ${central.output()}`;
      if (/MethodNotAllowed|method is not allowed against this resource/.test(detail)) {
        skip('S3 STORE NOT EXERCISED END TO END: s3rver 3.7.1 answers MethodNotAllowed to the S3 multipart API that @tus/s3-store uses; central started with the S3 store (store=s3). A real S3 server (radosgw, MinIO) is needed for the full path.');
      }
      throw new Error(`${(e as Error).message} ${JSON.stringify((e as { params?: unknown }).params)}\n${central.output().slice(-3000)}`, { cause: e });
    }
    const { json: stored } = await central.admin<Array<{ status: string; sha256: string }>>('GET', `/admin/segments?station=${creds.stationId}`);
    expect(stored.map((s) => [s.status, s.sha256])).toEqual(segs.map((s) => ['verified', s.sha256]));
    console.log(`[s3] ${segs.length} segments (${segs.map((s) => s.bytes).join(', ')} bytes) verified through s3rver`);
  });
});
