import { generateKeyPairSync, sign } from 'node:crypto';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { request, type Agent } from 'undici';
import { enrollmentMessage } from '../common/sync-api';
import { startCentral, type CentralProcess } from '../test/support/central-process';
import { postgresUnavailable, startPostgres } from '../test/support/postgres';
import { tempDir } from '../test/support/tools';
import { bareDbEventsPerSecond } from './bare-db';
import { herd, stationAgent, steady, type BenchStation, type LoadResult } from './central-load';
import { percentile, report } from './report';

// Central at national scale, SQLite and PostgreSQL side by side in one run: 1,479 stations, each
// pushing a batch of 20 events and then a heartbeat every 30 s, against one central process over
// loopback HTTP with keep-alive connections (one per station). Two load models (central-load.ts):
// steady — every station at its own random phase in the 30 s cycle, in real time (offered rate
// 1,479 / 30 s = 49 pushes/s, 986 events/s); and the herd — every station in the same instant,
// once. A supervisor watches the Situation Center's live stream throughout, as on a working day
// (central then refreshes the situation every 2 s and soon after pushes). Baselines from the same
// run: a bare Fastify process answering the same requests under the same load (the HTTP floor)
// and the bare database taking the same batches (the database floor).
// HATTAMA_BENCH_STATIONS / _CYCLE_S / _CYCLES change the load; _CENTRAL_NODE_OPTIONS profiles central.

const env = process.env;
const STATIONS = Number(env.HATTAMA_BENCH_STATIONS ?? 1479);
const BATCH = 20;
const CYCLE_MS = Number(env.HATTAMA_BENCH_CYCLE_S ?? 30) * 1000;
const CYCLES = Number(env.HATTAMA_BENCH_CYCLES ?? 2);
const BENCH = 'central-ingest';

async function enroll(c: CentralProcess, agent: Agent, i: number): Promise<BenchStation> {
  const { json } = await c.admin<{ code: string }>('POST', '/admin/codes', {});
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const id = `st-ingest-${i}`;
  const body = { code: json.code, stationId: id, court: `Сот №${Math.floor(i / 6) + 1}`, courtroom: String((i % 6) + 1), publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), signature: sign(null, Buffer.from(enrollmentMessage(id, json.code)), privateKey).toString('base64') };
  const r = await request(new URL('/v1/enroll', c.url), { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.body.text();
  if (r.statusCode !== 200) throw new Error(`enroll ${r.statusCode}: ${text}`);
  return { id, token: (JSON.parse(text) as { token: string }).token, seq: 0 };
}

async function enrollAll(c: CentralProcess, agent: Agent): Promise<BenchStation[]> {
  const out: BenchStation[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < STATIONS) {
        const i = next++;
        out[i] = await enroll(c, agent, i);
      }
    }),
  );
  return out;
}

/** A supervisor watching the Situation Center's live stream, as in a working day: central refreshes every 2 s and after pushes. */
async function watch(c: CentralProcess): Promise<{ updates: () => number; stop: () => void }> {
  const ac = new AbortController();
  const r = await request(new URL('/live', c.url), { headers: { authorization: `Bearer ${c.adminToken}` }, signal: ac.signal });
  if (r.statusCode !== 200) throw new Error(`/live ${r.statusCode}`);
  let updates = 0;
  r.body.on('data', (d: Buffer) => (updates += d.toString().split('event: summary').length - 1));
  r.body.on('error', () => undefined);
  return { updates: () => updates, stop: () => ac.abort() };
}

interface Floor {
  steady: LoadResult;
  herd: LoadResult;
}

/** The bare Fastify process under the same two loads. */
async function httpFloor(): Promise<Floor> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'bare-http.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      proc.once('exit', (code) => reject(new Error(`bare-http exited ${code}`)));
    });
    const stations = Array.from({ length: STATIONS }, (_, i) => ({ id: `st-bare-${i}`, token: `st-bare-${i}.${'x'.repeat(43)}`, seq: 0 }));
    const agent = stationAgent(STATIONS);
    try {
      const s = await steady({ agent, url, stations, batch: BATCH, cycleMs: CYCLE_MS, cycles: CYCLES, serverPid: proc.pid });
      const h = await herd({ agent, url, stations, batch: BATCH, serverPid: proc.pid });
      return { steady: s, herd: h };
    } finally {
      await agent.close();
    }
  } finally {
    proc.kill('SIGTERM');
  }
}

function lines(label: string, model: string, r: LoadResult, floor: LoadResult, eventsFloor: number | null): void {
  const name = `${STATIONS} stations, ${model} (${label})`;
  const p = (xs: number[], q: number) => percentile(xs, q);
  report(BENCH, `push p50, ${name}`, p(r.push, 50), 'ms', p(floor.push, 50));
  report(BENCH, `push p99, ${name}`, p(r.push, 99), 'ms', p(floor.push, 99));
  report(BENCH, `heartbeat p50, ${name}`, p(r.beat, 50), 'ms', p(floor.beat, 50));
  report(BENCH, `heartbeat p99, ${name}`, p(r.beat, 99), 'ms', p(floor.beat, 99));
  report(BENCH, `events/s, ${name}`, r.events / r.secs, 'events/s', eventsFloor);
  if (r.serverCpu !== null) report(BENCH, `central CPU, ${name}`, r.serverCpu * 100, '% of a core');
  report(BENCH, `load generator CPU, ${name}`, r.generatorCpu * 100, '% of a core');
}

async function run(label: string, floor: Floor, database?: string): Promise<void> {
  const c = await startCentral({ data: tempDir('hattama-bench-central-'), database, enrollPerMinute: 100_000, env: env.HATTAMA_BENCH_CENTRAL_NODE_OPTIONS ? { NODE_OPTIONS: env.HATTAMA_BENCH_CENTRAL_NODE_OPTIONS } : {} });
  const agent = stationAgent(STATIONS);
  let bareEvents: number;
  try {
    const stations = await enrollAll(c, agent);
    const watcher = await watch(c);
    const s = await steady({ agent, url: c.url, stations, batch: BATCH, cycleMs: CYCLE_MS, cycles: CYCLES, serverPid: c.proc.pid });
    lines(label, `steady (random phase, ${CYCLE_MS / 1000} s cycle)`, s, floor.steady, floor.steady.events / floor.steady.secs);
    const h = await herd({ agent, url: c.url, stations, batch: BATCH, serverPid: c.proc.pid });
    bareEvents = await bareDbEventsPerSecond({ stations: STATIONS, batch: BATCH, pgUrl: database });
    lines(label, 'herd (all in the same instant)', h, floor.herd, bareEvents);
    report(BENCH, `Situation Center live updates seen, ${STATIONS} stations (${label})`, watcher.updates(), 'updates');
    watcher.stop();
  } finally {
    await agent.close();
    await c.stop();
  }
}

report(BENCH, `offered pushes/s, steady (${STATIONS} stations, ${CYCLE_MS / 1000} s cycle)`, STATIONS / (CYCLE_MS / 1000), 'pushes/s');
report(BENCH, `offered events/s, steady (${STATIONS} stations, ${CYCLE_MS / 1000} s cycle)`, (STATIONS * BATCH) / (CYCLE_MS / 1000), 'events/s');
const floor = await httpFloor();
if (env.HATTAMA_BENCH_ONLY !== 'postgres') await run('SQLite', floor);
const missing = postgresUnavailable();
if (missing) console.error(`${BENCH}: PostgreSQL skipped: ${missing}`);
else if (env.HATTAMA_BENCH_ONLY !== 'sqlite') {
  const pg = await startPostgres();
  try {
    await run('PostgreSQL', floor, await pg.freshDatabase('bench_ingest'));
  } finally {
    await pg.stop();
  }
}
