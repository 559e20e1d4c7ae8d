import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startCentral } from '../test/support/central-process';
import { enroll, makeStation, makeWorker, writeSegment } from '../test/support/station';
import { tempDir } from '../test/support/tools';
import { report } from './report';

// Segment upload throughput station -> central on loopback (tus, resumable, SHA-256 checked by
// central) against curl PATCHing the same bytes to the same server (central checks the hash of
// those too); both sides announce the segment and create its upload inside their time, as the
// station's worker must. Timed pair by pair: each round the station uploads one new 64 MiB segment, then
// curl sends the same bytes as another segment, so a change of the machine's load meets both
// sides alike; the reported ratio is the median of the rounds' ratios.
const ROUNDS = 10;
const SIZE = 64 * 1024 * 1024;
const MIB = 1024 * 1024;

const central = await startCentral({ data: tempDir('hattama-bench-central-') });
const st = await makeStation();
try {
  const { json } = await central.admin<{ code: string }>('POST', '/admin/codes', {});
  const creds = await enroll(st, central.url, json.code);
  const worker = makeWorker(st, creds);
  await worker.runOnce(); // the first heartbeat and feeds, outside the timing: the rounds are uploads only
  const auth = `Bearer ${creds.token}`;

  /** The bare protocol: the same bytes announced as a new segment, the upload created, then one curl PATCH. */
  async function curlUpload(seq: number, s: { file: string; sha256: string; bytes: number }): Promise<number> {
    const t = performance.now();
    await fetch(new URL('/v1/events', central.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ events: [{ seq, kind: 'segment', ref: 'curl', payload: { sessionId: 'curl', track: 'audio', file: `curl-${seq}.wav`, sha256: s.sha256, bytes: s.bytes }, createdAt: new Date().toISOString() }] }),
    });
    const meta = `seq ${Buffer.from(String(seq)).toString('base64')},sha256 ${Buffer.from(s.sha256).toString('base64')}`;
    const c = await fetch(new URL('/v1/uploads', central.url), { method: 'POST', headers: { authorization: auth, 'tus-resumable': '1.0.0', 'upload-length': String(s.bytes), 'upload-metadata': meta } });
    const loc = new URL(c.headers.get('location')!, central.url).href;
    const code = execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'PATCH', '--data-binary', `@${path.join(st.dir, s.file)}`, '-H', 'Tus-Resumable: 1.0.0', '-H', 'Upload-Offset: 0', '-H', 'Content-Type: application/offset+octet-stream', '-H', `Authorization: ${auth}`, loc], { encoding: 'utf8' });
    const ms = performance.now() - t;
    if (code !== '204') throw new Error(`curl PATCH answered ${code}`);
    return ms;
  }

  const ratios: number[] = [];
  let stationMs = 0;
  let curlMs = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const seg = writeSegment(st, 'bench', i, SIZE);
    const station = async () => {
      const t = performance.now();
      await worker.runOnce({ full: false });
      if (worker.state().lastError) throw new Error(`station upload: ${worker.state().lastError}`);
      return performance.now() - t;
    };
    // Which side goes first alternates, so neither always meets the other's after-effects.
    let ms: number;
    let base: number;
    if (i % 2 === 0) {
      ms = await station();
      base = await curlUpload(900_000 + i, seg);
    } else {
      base = await curlUpload(900_000 + i, seg);
      ms = await station();
    }
    stationMs += ms;
    curlMs += base;
    ratios.push(base / ms);
  }
  ratios.sort((a, b) => a - b);
  const total = ROUNDS * SIZE;
  const median = (ratios[(ROUNDS - 1) >> 1]! + ratios[ROUNDS >> 1]!) / 2;
  const curlRate = total / MIB / (curlMs / 1000);
  // The station's rate as the median round's ratio against curl's rate over all rounds.
  report('sync-upload', `segment upload throughput, ${ROUNDS} x 64 MiB, loopback, paired with curl (median ratio; rounds ${ratios.map((r) => r.toFixed(2)).join(' ')})`, curlRate * median, 'MiB/s', curlRate);
  report('sync-upload', `segment upload throughput, ${ROUNDS} x 64 MiB, loopback, totals`, total / MIB / (stationMs / 1000), 'MiB/s', curlRate);
} finally {
  st.close();
  await central.stop();
}
