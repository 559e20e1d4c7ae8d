import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SignedIn } from '../common/contract/people';
import { AuditLog } from '../main/audit/audit-log';
import { dispatch, type DispatchOptions } from '../main/core/dispatch';
import { openStationDatabase } from '../main/core/station-schema';
import { ProtocolStore } from '../main/protocol/store';
import { authorOf, newDoorSession, type CallContext, type Handlers } from '../main/runtime/handlers';
import { bulkLoad, rng, sentence, vocabulary } from './protocol-fixture';
import { percentile, report } from './report';

// Commit latency of one protocol entry as a secretary's call makes it: through the dispatcher
// (contract, role, the access-audit row) into logEntry (entry + revision + FTS + protocol audit
// + outbox), WAL, synchronous=FULL, with 100,000 entries in the store. Against a bare
// better-sqlite3 INSERT of the same row (same pragmas, its own table, autocommit) measured
// interleaved in the same run: the floor is the fsync both pay.

const EXISTING = 100_000;
const N = Number(process.env.BENCH_N ?? 1000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-bench-commit-'));
try {
  const db = openStationDatabase(dir);
  const [hearingId] = bulkLoad(db, EXISTING, 100, { ftsByTrigger: false });
  const store = new ProtocolStore(db);
  const audit = new AuditLog(db);
  const secretary: SignedIn = { id: 1, fullName: 'Нұрланова Әйгерім', roles: ['secretary'] };
  let position = 0;
  const opts: DispatchOptions = {
    // Only the call measured; the hearing's rules (main/hearing) add no write of their own to it.
    handlers: { 'protocol.logEntry': (i: Parameters<ProtocolStore['logEntry']>[0], ctx: CallContext) => store.logEntry({ ...i, author: authorOf(ctx), recording: { positionMs: position++ } }) } as unknown as Handlers,
    language: () => 'kk',
    logError: (e) => {
      throw e;
    },
    access: { lockAfterMs: () => 3_600_000, currentPerson: () => secretary },
    audit: (r) => audit.append(r),
  };
  const ctx: CallContext = { transport: 'test', session: { ...newDoorSession(), person: secretary } };
  const logEntry = async (text: string) => {
    const r = await dispatch(opts, 'protocol.logEntry', { hearingId, kind: 'note', text }, ctx);
    if (!r.ok) throw new Error(r.error.message);
  };

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
  const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
  for (let i = 0; i < 50; i++) {
    await logEntry(texts[i]!);
    bareInsert.run(`w${i}`, hearingId, 'note', 'x', 'x', i, 'bench', texts[i], null);
  }
  const callTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < N; i++) {
    const now = new Date().toISOString();
    let t0 = process.hrtime.bigint();
    await logEntry(texts[i]!);
    callTimes.push(ms(t0));
    t0 = process.hrtime.bigint();
    bareInsert.run(crypto.randomUUID(), hearingId, 'note', now, now, 1000 + i, 'bench', texts[i], null);
    bareTimes.push(ms(t0));
  }
  for (const t of [callTimes, bareTimes]) t.sort((a, b) => a - b);
  report('protocol-commit', 'entry commit p50', percentile(callTimes, 50), 'ms', percentile(bareTimes, 50));
  report('protocol-commit', 'entry commit p99', percentile(callTimes, 99), 'ms', percentile(bareTimes, 99));
  const audited = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM audit_log WHERE call = 'protocol.logEntry'").get()!.n;
  report('protocol-commit', 'audit rows per call', audited / (N + 50), 'rows');
  report('protocol-commit', 'entries in store', EXISTING + N + 50, 'entries');
  bare.close();
  db.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
