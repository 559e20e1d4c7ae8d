import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SignedIn } from '../common/contract/people';
import { AuditLog } from '../main/audit/audit-log';
import { dispatch, type DispatchOptions } from '../main/core/dispatch';
import { openStationDatabase } from '../main/core/station-schema';
import { catchUpIndex } from '../main/protocol/search-index';
import { ProtocolStore } from '../main/protocol/store';
import { authorOf, newDoorSession, type CallContext, type Handlers } from '../main/runtime/handlers';
import { bulkLoad, rng, sentence, vocabulary } from './protocol-fixture';
import { percentile, report } from './report';

// Commit latency of one protocol entry as a secretary's call makes it: through the dispatcher
// (contract, role, the access-audit row) into logEntry (entry + revision + protocol audit + outbox
// + the access-audit row and its outbox row + the search index's queue row), WAL,
// synchronous=FULL, with 100,000 entries in the store. Against the bare rows of the same commit
// (entry, revision, protocol audit, outbox, access audit, outbox: plain tables, no triggers, no
// index) in one transaction with the same pragmas, measured interleaved in the same run: the
// floor is the fsync and the pages both write. Between calls the bench yields to the event loop,
// as calls arriving over IPC do, so the search index written after the commit (search-index.ts)
// runs there, outside the measured call; what it costs per entry is measured apart.
const EXISTING = 100_000;
const N = Number(process.env.BENCH_N ?? 1000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-bench-commit-'));
try {
  const loading = openStationDatabase(dir);
  const [hearingId] = bulkLoad(loading, EXISTING, 100);
  loading.close();
  // Opened again as the station opens it (the loader's big page cache is not the station's).
  const db = openStationDatabase(dir);
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
      recording_ms INTEGER, author TEXT);
    CREATE TABLE entry_revisions (entry_id INTEGER, rev INTEGER, text TEXT, speaker TEXT, author TEXT, created_at TEXT);
    CREATE TABLE protocol_audit (id INTEGER PRIMARY KEY, at TEXT, actor TEXT, action TEXT, hearing_id INTEGER, entry_id INTEGER, detail TEXT);
    CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at TEXT, person_id INTEGER, person_name TEXT, role TEXT, call TEXT, door TEXT, hearing_id INTEGER, target TEXT, outcome TEXT);
    CREATE TABLE outbox (seq INTEGER PRIMARY KEY, kind TEXT, ref TEXT, payload TEXT, created_at TEXT);`);
  const ins = {
    entry: bare.prepare('INSERT INTO entries (uid, hearing_id, kind, started_at, created_at, recording_ms, author) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    revision: bare.prepare("INSERT INTO entry_revisions (entry_id, rev, text, speaker, author, created_at) VALUES (?, 1, ?, NULL, 'bench', ?)"),
    audit: bare.prepare("INSERT INTO protocol_audit (at, actor, action, hearing_id, entry_id, detail) VALUES (?, 'bench', 'entry.add', ?, ?, ?)"),
    access: bare.prepare("INSERT INTO audit_log (at, person_id, person_name, role, call, door, hearing_id, target, outcome) VALUES (?, 1, 'bench', 'secretary', 'protocol.logEntry', 'test', ?, ?, 'ok')"),
    outbox: bare.prepare('INSERT INTO outbox (kind, ref, payload, created_at) VALUES (?, ?, ?, ?)'),
  };
  /** The bare commit: the same six rows in one IMMEDIATE transaction. */
  const bareCommit = (text: string, i: number) =>
    bare.transaction(() => {
      const at = new Date().toISOString();
      const id = Number(ins.entry.run(crypto.randomUUID(), hearingId, 'note', at, at, i, 'bench').lastInsertRowid);
      ins.revision.run(id, text, at);
      ins.audit.run(at, hearingId, id, JSON.stringify({ kind: 'note', addendum: 0 }));
      ins.outbox.run('protocol.entry', String(hearingId), JSON.stringify({ id, kind: 'note', text, at }), at);
      const audited = Number(ins.access.run(at, hearingId, JSON.stringify({ hearingId, kind: 'note' })).lastInsertRowid);
      ins.outbox.run('audit.entry', String(hearingId), JSON.stringify({ id: audited, at, call: 'protocol.logEntry' }), at);
    }).immediate();
  bare.transaction(() => {
    const r = rng(3);
    const vocab = vocabulary();
    for (let i = 0; i < EXISTING; i++) bareCommit(sentence(r, vocab), i);
  })();

  const r = rng(9);
  const vocab = vocabulary();
  const texts = Array.from({ length: N }, () => sentence(r, vocab));
  const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
  const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));
  for (let i = 0; i < 50; i++) {
    await logEntry(texts[i]!);
    bareCommit(texts[i]!, i);
    await yieldToLoop();
  }
  const callTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < N; i++) {
    let t0 = process.hrtime.bigint();
    await logEntry(texts[i]!);
    callTimes.push(ms(t0));
    t0 = process.hrtime.bigint();
    bareCommit(texts[i]!, 1000 + i);
    bareTimes.push(ms(t0));
    await yieldToLoop();
  }
  // What the index costs per entry, written after the commits: a burst logged without a pause, then written in one go.
  const BURST = 200;
  for (let i = 0; i < BURST; i++) await logEntry(texts[i]!);
  let t0 = process.hrtime.bigint();
  const indexed = catchUpIndex(db);
  const indexPerEntry = ms(t0) / Math.max(1, indexed);
  t0 = process.hrtime.bigint();
  for (let i = 0; i < BURST; i++) bareCommit(texts[i]!, 5000 + i);
  const barePerCommit = ms(t0) / BURST;
  for (const t of [callTimes, bareTimes]) t.sort((a, b) => a - b);
  report('protocol-commit', 'entry commit p50', percentile(callTimes, 50), 'ms', percentile(bareTimes, 50));
  report('protocol-commit', 'entry commit p99', percentile(callTimes, 99), 'ms', percentile(bareTimes, 99));
  report('protocol-commit', 'search index per entry, after the commit', indexPerEntry, 'ms', barePerCommit);
  const audited = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM audit_log WHERE call = 'protocol.logEntry'").get()!.n;
  report('protocol-commit', 'audit rows per call', audited / (N + 50 + BURST), 'rows');
  report('protocol-commit', 'entries in store', EXISTING + N + 50 + BURST, 'entries');
  bare.close();
  db.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
