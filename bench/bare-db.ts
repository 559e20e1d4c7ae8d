import Database from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';
import { openCentralDb, PG_POOL_SIZE } from '../central/db';
import { tempDir } from '../test/support/tools';

// The database floor for the central-ingest bench: the same batches of events written straight
// into central's events table (its schema, its migrations), without HTTP, auth or typed records,
// one transaction a batch, every batch at once — the herd with nothing in between.

type Row = [string, number, string, string, string, string, string, string];

function batches(stations: number, batch: number): Row[][] {
  const now = new Date().toISOString();
  return Array.from({ length: stations }, (_, s) =>
    Array.from({ length: batch }, (_, k): Row => [`st-bare-${s}`, k + 1, 'protocol.entry', '1', JSON.stringify({ op: 'add', text: `Entry ${k}`, pad: 'x'.repeat(400) }), `${s}-${k}`.padEnd(64, '0'), now, now]),
  );
}

/** Events per second the bare database takes, SQLite (synchronous=FULL, as central) or PostgreSQL. */
export async function bareDbEventsPerSecond(o: { stations: number; batch: number; pgUrl?: string }): Promise<number> {
  const dataDir = tempDir('hattama-bench-bare-');
  const opened = await openCentralDb({ dataDir, databaseUrl: o.pgUrl });
  await opened.close();
  const all = batches(o.stations, o.batch);
  const cols = '(station_id, seq, kind, ref, payload, payload_hash, created_at, received_at)';
  if (!o.pgUrl) {
    const file = new Database(path.join(dataDir, 'central.db'));
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = FULL');
    const ins = file.prepare(`INSERT INTO events ${cols} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const tx = file.transaction((rows: Row[]) => {
      for (const r of rows) ins.run(...r);
    });
    const t0 = performance.now();
    for (const rows of all) tx(rows);
    const secs = (performance.now() - t0) / 1000;
    file.close();
    return (o.stations * o.batch) / secs;
  }
  const pool = new pg.Pool({ connectionString: o.pgUrl, max: PG_POOL_SIZE });
  try {
    const values = Array.from({ length: o.batch }, (_, k) => `(${Array.from({ length: 8 }, (_, c) => `$${k * 8 + c + 1}`).join(', ')})`).join(', ');
    const text = `INSERT INTO events ${cols} VALUES ${values}`;
    const t0 = performance.now();
    await Promise.all(
      all.map(async (rows) => {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          await c.query({ name: 'bare-insert', text, values: rows.flat() });
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }),
    );
    return (o.stations * o.batch) / ((performance.now() - t0) / 1000);
  } finally {
    await pool.end();
  }
}
