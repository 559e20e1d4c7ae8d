import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStationDatabase } from '../main/core/station-schema';
import { ProtocolStore } from '../main/protocol/store';
import { bulkLoad, rng, sentence, vocabulary } from './protocol-fixture';
import { percentile, report } from './report';

// Commit latency of one protocol entry (logEntry: entry + revision + FTS + audit + outbox in one
// IMMEDIATE transaction, WAL, synchronous=FULL) with 100,000 entries in the store, against a
// bare better-sqlite3 INSERT of the same row (same pragmas, its own table, autocommit) measured
// interleaved in the same run: the floor is the fsync both pay.

const EXISTING = 100_000;
const N = Number(process.env.BENCH_N ?? 1000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-bench-commit-'));
try {
  const db = openStationDatabase(dir);
  const [hearingId] = bulkLoad(db, EXISTING, 100, { ftsByTrigger: false });
  const store = new ProtocolStore(db);

  const bare = new Database(path.join(dir, 'bare.db'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = FULL');
  bare.exec(`CREATE TABLE entries (id INTEGER PRIMARY KEY, uid TEXT, hearing_id INTEGER, kind TEXT, started_at TEXT, created_at TEXT,
    recording_ms INTEGER, author TEXT, text TEXT, speaker TEXT)`);
  const bareInsert = bare.prepare('INSERT INTO entries (uid, hearing_id, kind, started_at, created_at, recording_ms, author, text, speaker) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  bare.transaction(() => {
    const r = rng(3);
    const vocab = vocabulary();
    for (let i = 0; i < EXISTING; i++) bareInsert.run(`u${i}`, 1, 'note', 'x', 'x', i, 'bench', sentence(r, vocab), null);
  })();

  const r = rng(9);
  const vocab = vocabulary();
  const texts = Array.from({ length: N }, () => sentence(r, vocab));
  const storeTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    store.logEntry({ hearingId: hearingId!, kind: 'note', text: texts[i]!, recording: { positionMs: i } });
    bareInsert.run(`w${i}`, hearingId, 'note', 'x', 'x', i, 'bench', texts[i], null);
  }
  for (let i = 0; i < N; i++) {
    const now = new Date().toISOString();
    let t0 = process.hrtime.bigint();
    store.logEntry({ hearingId: hearingId!, kind: 'note', text: texts[i]!, recording: { positionMs: 1000 + i } });
    storeTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
    t0 = process.hrtime.bigint();
    bareInsert.run(crypto.randomUUID(), hearingId, 'note', now, now, 1000 + i, 'bench', texts[i], null);
    bareTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  storeTimes.sort((a, b) => a - b);
  bareTimes.sort((a, b) => a - b);
  report('protocol-commit', 'entry commit p50', percentile(storeTimes, 50), 'ms', percentile(bareTimes, 50));
  report('protocol-commit', 'entry commit p99', percentile(storeTimes, 99), 'ms', percentile(bareTimes, 99));
  report('protocol-commit', 'entries in store', EXISTING + N + 50, 'entries');
  bare.close();
  db.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
