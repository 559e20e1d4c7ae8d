import { createCentral } from '../central/server';
import type { CentralDb } from '../central/schema';
import { postgresUnavailable, startPostgres } from '../test/support/postgres';
import { tempDir } from '../test/support/tools';
import { percentile, report } from './report';

// The Situation Center's page for every courtroom in Kazakhstan (1,479 rooms), over loopback
// HTTP: how long GET / takes to its last byte, and how long one refresh of the situation (read
// every room, compute states and flags, reconcile them) takes. Rooms are written straight into
// central's database: a third recording a hearing, some late, some offline, some short of disk.

const ROOMS = 1479;
const RUNS = 30;

async function fill(db: CentralDb, now: number): Promise<void> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const stations = [];
  const states = [];
  const schedule = [];
  const hearings = [];
  for (let i = 0; i < ROOMS; i++) {
    const id = `st-${String(i).padStart(4, '0')}`;
    const court = `Сот №${Math.floor(i / 6) + 1}`;
    const courtroom = String((i % 6) + 1);
    stations.push({ station_id: id, court, courtroom, public_key: 'bench', token_hash: 'bench', enrolled_at: iso(now - 86_400_000), revoked_at: null, highest_seq: 0 });
    const recording = i % 3 === 0;
    const offline = i % 50 === 7;
    const hb = { clock: now, recording, hearingId: recording ? `h-${i}-0` : null, alarms: i % 97 === 0 ? ['deadMic ch2 (witness)'] : [], diskHoursLeft: i % 40 === 3 ? 2 : 300, backlog: { events: 0, segments: 0, bytes: 0 }, version: '0.1.0' };
    states.push({ station_id: id, received_at: iso(offline ? now - 600_000 : now - 5_000), state: JSON.stringify(hb), clock_offset_ms: 0 });
    for (let k = 0; k < 3; k++) schedule.push({ hearing_id: `h-${i}-${k}`, court, courtroom, case_number: `2-${i}-${k}/2026`, title: '', judge: `Судья ${i}`, starts_at: iso(now + (k - 1) * 3_600_000 - 900_000), cancelled: 0, version: 1 });
    if (recording) {
      hearings.push({ station_id: id, hearing_uid: `u-${i}`, local_id: 1, external_id: `h-${i}-0`, case_number: `2-${i}-0/2026`, category: 'civil', court, courtroom, judge: `Судья ${i}`, secretary: '', scheduled_start: null, scheduled_end: null, source: 'schedule', status: 'in_progress', actual_start: iso(now - 3_000_000), actual_end: null, signed_at: null, signed_by: null, created_at: iso(now), updated_at: iso(now) });
    }
  }
  const chunks = <T>(rows: T[], n = 200) => Array.from({ length: Math.ceil(rows.length / n) }, (_, i) => rows.slice(i * n, (i + 1) * n));
  for (const c of chunks(stations)) await db.insertInto('stations').values(c).execute();
  for (const c of chunks(states)) await db.insertInto('station_state').values(c).execute();
  for (const c of chunks(schedule)) await db.insertInto('schedule').values(c).execute();
  for (const c of chunks(hearings, 100)) await db.insertInto('protocol_hearings').values(c).execute();
  for (const c of chunks(hearings.map((h) => ({ station_id: h.station_id, hearing_id: h.external_id!, started_at: h.actual_start, closed_at: null, recorded: 1 })))) await db.insertInto('hearing_activity').values(c).execute();
}

async function run(label: string, databaseUrl?: string): Promise<void> {
  const central = await createCentral({ dataDir: tempDir('hattama-bench-sc-'), databaseUrl, situationEveryMs: 60_000 });
  try {
    await fill(central.db.db, Date.now());
    const refresh: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await central.center.refresh();
      refresh.push(performance.now() - t);
    }
    const url = await central.app.listen({ port: 0, host: '127.0.0.1' });
    const get = async () => {
      const t = performance.now();
      const r = await fetch(url, { headers: { authorization: `Bearer ${central.adminToken}` } });
      const body = await r.text();
      if (r.status !== 200 || !body.includes('st-1478')) throw new Error(`GET / ${r.status}`);
      return { ms: performance.now() - t, bytes: Buffer.byteLength(body) };
    };
    const cold = await get();
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await get();
      times.push(r.ms);
      bytes = r.bytes;
    }
    times.sort((a, b) => a - b);
    refresh.sort((a, b) => a - b);
    report('central-situation', `GET / p50, ${ROOMS} rooms (${label})`, percentile(times, 50), 'ms');
    report('central-situation', `GET / p99, ${ROOMS} rooms (${label})`, percentile(times, 99), 'ms');
    report('central-situation', `GET / first, every row rendered, ${ROOMS} rooms (${label})`, cold.ms, 'ms');
    report('central-situation', `page size, ${ROOMS} rooms`, bytes / 1024, 'KiB');
    report('central-situation', `situation refresh p50 (read, flags, reconcile), ${ROOMS} rooms (${label})`, percentile(refresh, 50), 'ms');
  } finally {
    await central.close();
  }
}

await run('SQLite');
const missing = postgresUnavailable();
if (missing) console.error(`central-situation: PostgreSQL skipped: ${missing}`);
else {
  const pg = await startPostgres();
  try {
    await run('PostgreSQL', await pg.freshDatabase('bench_sc'));
  } finally {
    await pg.stop();
  }
}
