import { generateKeyPairSync, sign } from 'node:crypto';
import { Agent, fetch as undiciFetch } from 'undici';
import { enrollmentMessage } from '../common/sync-api';
import { startCentral, type CentralProcess } from '../test/support/central-process';
import { postgresUnavailable, startPostgres } from '../test/support/postgres';
import { entryAdded } from '../test/support/sync-events';
import { tempDir } from '../test/support/tools';
import { percentile, report } from './report';

// Central at national scale, SQLite and PostgreSQL side by side in one run: 1,479 simulated
// stations, each pushing a batch of 20 events and a heartbeat every 30 s of simulated time (the
// rounds follow each other without waiting), all stations at once, against one central process
// over loopback. Reports push and heartbeat latency p50/p99 and events/s per backend.

const STATIONS = 1479;
const BATCH = 20;
const ROUNDS = 3;
// 1,479 stations connect at once: the listen backlog drops SYNs and connecting takes retries.
const agent = new Agent({ connect: { timeout: 120_000 }, connections: STATIONS + 16, keepAliveTimeout: 120_000 });
const fetch = (url: URL, init: Parameters<typeof undiciFetch>[1] = {}) => undiciFetch(url, { ...init, dispatcher: agent });

async function pool<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

async function enroll(c: CentralProcess, i: number): Promise<string> {
  const { json } = await c.admin<{ code: string }>('POST', '/admin/codes', {});
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const stationId = `st-ingest-${i}`;
  const r = await fetch(new URL('/v1/enroll', c.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: json.code, stationId, court: `Сот №${Math.floor(i / 6) + 1}`, courtroom: String((i % 6) + 1), publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), signature: sign(null, Buffer.from(enrollmentMessage(stationId, json.code)), privateKey).toString('base64') }),
  });
  if (!r.ok) throw new Error(`enroll ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

async function run(label: string, database?: string): Promise<void> {
  const c = await startCentral({ data: tempDir('hattama-bench-central-'), database, enrollPerMinute: 100_000 });
  try {
    const tokens = await pool(STATIONS, 16, (i) => enroll(c, i));
    const push: number[] = [];
    const beat: number[] = [];
    const at = new Date().toISOString();
    const t0 = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        tokens.map(async (token, s) => {
          const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
          const events = Array.from({ length: BATCH }, (_, k) => entryAdded(round * BATCH + k + 1, { hearingId: 1, hearingUid: `bench-${s}`, text: `Entry ${k} of round ${round}`, startedAt: at }));
          let t = performance.now();
          const r = await fetch(new URL('/v1/events', c.url), { method: 'POST', headers, body: JSON.stringify({ events }) });
          if (!r.ok) throw new Error(`push ${r.status}: ${await r.text()}`);
          await r.arrayBuffer();
          push.push(performance.now() - t);
          t = performance.now();
          const hb = { clock: Date.now(), recording: s % 3 === 0, hearingId: s % 3 === 0 ? `bench-${s}` : null, alarms: [], diskHoursLeft: 300, backlog: { events: 0, segments: 0, bytes: 0 }, version: '0.1.0' };
          const h = await fetch(new URL('/v1/heartbeat', c.url), { method: 'POST', headers, body: JSON.stringify(hb) });
          if (!h.ok) throw new Error(`heartbeat ${h.status}: ${await h.text()}`);
          await h.arrayBuffer();
          beat.push(performance.now() - t);
        }),
      );
    }
    const secs = (performance.now() - t0) / 1000;
    push.sort((a, b) => a - b);
    beat.sort((a, b) => a - b);
    const name = `${STATIONS} stations (${label})`;
    report('central-ingest', `events/s, ${name}`, (STATIONS * ROUNDS * BATCH) / secs, 'events/s');
    report('central-ingest', `push p50, ${name}`, percentile(push, 50), 'ms');
    report('central-ingest', `push p99, ${name}`, percentile(push, 99), 'ms');
    report('central-ingest', `heartbeat p50, ${name}`, percentile(beat, 50), 'ms');
    report('central-ingest', `heartbeat p99, ${name}`, percentile(beat, 99), 'ms');
  } finally {
    await c.stop();
  }
}

await run('SQLite');
const missing = postgresUnavailable();
if (missing) console.error(`central-ingest: PostgreSQL skipped: ${missing}`);
else {
  const pg = await startPostgres();
  try {
    await run('PostgreSQL', await pg.freshDatabase('bench_ingest'));
  } finally {
    await pg.stop();
  }
}
