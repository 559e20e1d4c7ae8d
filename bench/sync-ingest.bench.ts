import { generateKeyPairSync, sign } from 'node:crypto';
import { enrollmentMessage } from '../common/sync-api';
import { startCentral } from '../test/support/central-process';
import { entryAdded } from '../test/support/sync-events';
import { tempDir } from '../test/support/tools';
import { percentile, report } from './report';

// Central ingest under many stations: simulated stations in one process, each pushing
// batches of protocol events (20 per batch, as a busy courtroom does) to one central process
// over loopback. Reports events/s and p99 latency of a push at 100 and 1,479 stations.
const BATCH = 20;
const BATCHES_PER_STATION = 5;

async function run(stations: number): Promise<void> {
  const central = await startCentral({ data: tempDir('hattama-bench-ingest-') });
  try {
    const tokens: string[] = [];
    for (let i = 0; i < stations; i++) {
      const { json } = await central.admin<{ code: string }>('POST', '/admin/codes', {});
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const stationId = `st-bench-${i}`;
      const r = await fetch(new URL('/v1/enroll', central.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: json.code, stationId, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), signature: sign(null, Buffer.from(enrollmentMessage(stationId, json.code)), privateKey).toString('base64') }),
      });
      tokens.push(((await r.json()) as { token: string }).token);
    }
    const latencies: number[] = [];
    const at = new Date().toISOString();
    const t0 = performance.now();
    await Promise.all(
      tokens.map(async (token, s) => {
        for (let b = 0; b < BATCHES_PER_STATION; b++) {
          const events = Array.from({ length: BATCH }, (_, k) => entryAdded(b * BATCH + k + 1, { hearingId: s + 1, hearingUid: `bench-${s}`, text: `Entry ${k} of batch ${b}`, startedAt: at }));
          const t = performance.now();
          const r = await fetch(new URL('/v1/events', central.url), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ events }) });
          if (!r.ok) throw new Error(`push ${r.status}: ${await r.text()}`);
          await r.arrayBuffer();
          latencies.push(performance.now() - t);
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const events = stations * BATCHES_PER_STATION * BATCH;
    report('sync-ingest', `central ingest, ${stations} stations (SQLite)`, events / secs, 'events/s');
    report('sync-ingest', `push p99 latency, ${stations} stations (SQLite)`, percentile(latencies, 99), 'ms');
  } finally {
    await central.stop();
  }
}

await run(100);
await run(1479);
