import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startCentral } from '../test/support/central-process';
import { enroll, makeStation, makeWorker, writeSegment } from '../test/support/station';
import { tempDir } from '../test/support/tools';
import { report } from './report';

// Segment upload throughput station -> central on loopback (tus, resumable, SHA-256 checked by
// central) against curl PATCHing the same bytes to the same server in the same run (central
// checks the hash of those too). 256 MiB (4 x 64 MiB segments): 1 GiB is too slow on the
// 2-core CI machine.
const SEGMENTS = 4;
const SIZE = 64 * 1024 * 1024;
const MIB = 1024 * 1024;

const central = await startCentral({ data: tempDir('hattama-bench-central-') });
const st = await makeStation();
try {
  const { json } = await central.admin<{ code: string }>('POST', '/admin/codes', {});
  const creds = await enroll(st, central.url, json.code);
  const segs = Array.from({ length: SEGMENTS }, (_, i) => writeSegment(st, 'bench', i, SIZE));
  const worker = makeWorker(st, creds);

  const t0 = performance.now();
  await worker.runOnce();
  const workerMs = performance.now() - t0;

  // curl: announce the same bytes as new segments (as the station would), then one PATCH each.
  const auth = `Bearer ${creds.token}`;
  const base = 900_000;
  await fetch(new URL('/v1/events', central.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body: JSON.stringify({ events: segs.map((s, i) => ({ seq: base + i, kind: 'segment', ref: 'curl', payload: { sessionId: 'curl', track: 'audio', file: s.file, sha256: s.sha256, bytes: s.bytes }, createdAt: new Date().toISOString() })) }),
  });
  let curlMs = 0;
  for (const [i, s] of segs.entries()) {
    const meta = `seq ${Buffer.from(String(base + i)).toString('base64')},sha256 ${Buffer.from(s.sha256).toString('base64')}`;
    const c = await fetch(new URL('/v1/uploads', central.url), { method: 'POST', headers: { authorization: auth, 'tus-resumable': '1.0.0', 'upload-length': String(s.bytes), 'upload-metadata': meta } });
    const loc = new URL(c.headers.get('location')!, central.url).href;
    const t1 = performance.now();
    const code = execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'PATCH', '--data-binary', `@${path.join(st.dir, s.file)}`, '-H', 'Tus-Resumable: 1.0.0', '-H', 'Upload-Offset: 0', '-H', 'Content-Type: application/offset+octet-stream', '-H', `Authorization: ${auth}`, loc], { encoding: 'utf8' });
    curlMs += performance.now() - t1;
    if (code !== '204') throw new Error(`curl PATCH answered ${code}`);
  }
  const total = SEGMENTS * SIZE;
  const stationRate = total / MIB / (workerMs / 1000);
  const curlRate = total / MIB / (curlMs / 1000);
  report('sync-upload', 'segment upload throughput, 256 MiB (4 x 64 MiB), loopback', stationRate, 'MiB/s', curlRate);
} finally {
  st.close();
  await central.stop();
}
