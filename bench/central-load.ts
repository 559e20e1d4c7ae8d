import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { entryAdded } from '../test/support/sync-events';

// The load model of the central-ingest bench: stations that each push a batch of events and then
// a heartbeat once a cycle. In the steady model every station has its own phase in the cycle
// (as real stations, started at different times, do); in the herd every station goes in the same
// instant (what a central restart or a network coming back causes). A station waits for its push
// to be answered before its heartbeat, and for both before its next cycle, as the outbox does.

export interface BenchStation {
  id: string;
  token: string;
  seq: number;
}

export interface LoadResult {
  push: number[];
  beat: number[];
  events: number;
  secs: number;
  /** CPU the load generator (this process) used, as a share of one core. */
  generatorCpu: number;
  /** CPU the server process used, as a share of one core (when its pid is known). */
  serverCpu: number | null;
}

/** Keep-alive connections, one per station (each station holds its own), reused every cycle. */
export function stationAgent(stations: number): Agent {
  // 1,479 connects at once overflow the listen backlog: SYNs are retried, so connecting may take long.
  return new Agent({ connect: { timeout: 120_000 }, connections: stations + 16, keepAliveTimeout: 120_000, keepAliveMaxTimeout: 120_000, headersTimeout: 300_000, bodyTimeout: 300_000 });
}

/** A seeded generator, so that every run gives the stations the same phases. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cpuTicks(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    // Fields 14 and 15 of /proc/PID/stat (after the command in parentheses): utime, stime in ticks.
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return null;
  }
}
const TICKS_PER_S = 100;

async function post(agent: Agent, url: string, token: string, path: string, body: unknown): Promise<number> {
  const t = performance.now();
  const r = await request(new URL(path, url), { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const text = await r.body.text();
  if (r.statusCode !== 200) throw new Error(`${path} ${r.statusCode}: ${text}`);
  return performance.now() - t;
}

/** One cycle of one station: its batch, then its heartbeat. */
async function cycle(agent: Agent, url: string, st: BenchStation, index: number, batch: number, out: LoadResult): Promise<void> {
  const at = new Date().toISOString();
  const events = Array.from({ length: batch }, () => {
    st.seq += 1;
    return entryAdded(st.seq, { hearingId: 1, hearingUid: `bench-${st.id}`, uid: randomUUID(), text: `Entry ${st.seq} of ${st.id}`, startedAt: at });
  });
  out.push.push(await post(agent, url, st.token, '/v1/events', { events }));
  out.events += batch;
  const recording = index % 3 === 0;
  const hb = { clock: Date.now(), recording, hearingId: recording ? `bench-${st.id}` : null, alarms: [], diskHoursLeft: 300, backlog: { events: 0, segments: 0, bytes: 0 }, version: '0.1.0' };
  out.beat.push(await post(agent, url, st.token, '/v1/heartbeat', hb));
}

async function measured(serverPid: number | undefined, run: (out: LoadResult) => Promise<void>): Promise<LoadResult> {
  const out: LoadResult = { push: [], beat: [], events: 0, secs: 0, generatorCpu: 0, serverCpu: null };
  const cpu0 = process.cpuUsage();
  const srv0 = cpuTicks(serverPid);
  const t0 = performance.now();
  await run(out);
  out.secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  out.generatorCpu = (cpu.user + cpu.system) / 1e6 / out.secs;
  const srv1 = cpuTicks(serverPid);
  out.serverCpu = srv0 !== null && srv1 !== null ? (srv1 - srv0) / TICKS_PER_S / out.secs : null;
  out.push.sort((a, b) => a - b);
  out.beat.sort((a, b) => a - b);
  return out;
}

/** Every station once a cycle at its own (seeded random) phase, for `cycles` cycles. */
export function steady(o: { agent: Agent; url: string; stations: BenchStation[]; batch: number; cycleMs: number; cycles: number; serverPid?: number }): Promise<LoadResult> {
  const rand = mulberry32(1479);
  const phases = o.stations.map(() => rand() * o.cycleMs);
  return measured(o.serverPid, async (out) => {
    const t0 = performance.now();
    await Promise.all(
      o.stations.map(async (st, i) => {
        for (let k = 0; k < o.cycles; k++) {
          const due = t0 + phases[i]! + k * o.cycleMs;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          await cycle(o.agent, o.url, st, i, o.batch, out);
        }
      }),
    );
  });
}

/** Every station in the same instant, once. */
export function herd(o: { agent: Agent; url: string; stations: BenchStation[]; batch: number; serverPid?: number }): Promise<LoadResult> {
  return measured(o.serverPid, async (out) => {
    await Promise.all(o.stations.map((st, i) => cycle(o.agent, o.url, st, i, o.batch, out)));
  });
}
