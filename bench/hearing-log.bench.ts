import { openTestCore, staffOf } from '../test/support/core';
import { ensureTestPassphraseFile } from '../test/support/key-passphrase';
import { percentile, report } from './report';

// One note logged through the whole core as the console logs it (`core.call('protocol.logEntry')`:
// dispatcher, the hearing's rules, the commit with its revision, audit and outbox rows, the event)
// on a hearing of 5,000 entries, against the same call on a hearing of 50, interleaved in the
// same run. It says whether the core's part of the console's Enter-to-row time grows with the
// hearing (bench/console-long-hearing.bench.ts measures the whole way, through the browser).
process.env.HATTAMA_KEY_PASSPHRASE_FILE ??= ensureTestPassphraseFile();
const LONG = Number(process.env.BENCH_ENTRIES ?? 5000);
const SHORT = 50;
const N = Number(process.env.BENCH_N ?? 200);

const core = await openTestCore();
try {
  const ctx = await staffOf(core);
  const call = async (name: string, input: unknown) => {
    const r = await core.call(name, input, ctx);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value as { id: number };
  };
  const hearing = async (size: number) => {
    const h = await call('protocol.createHearing', { caseNumber: `2-${size}/2026`, judge: 'Ахметова А.' });
    for (let i = 0; i < size; i++) await call('protocol.logEntry', { hearingId: h.id, kind: 'note', text: `Куәгер ${i}-сұраққа жауап берді` });
    return h.id;
  };
  const long = await hearing(LONG);
  const short = await hearing(SHORT);
  const times = { long: [] as number[], short: [] as number[] };
  for (let i = 0; i < N; i++) {
    for (const [which, id] of [['long', long], ['short', short]] as const) {
      const t = performance.now();
      await call('protocol.logEntry', { hearingId: id, kind: 'note', text: `Төрағалық етуші ${i}-ескертпе жасады` });
      times[which].push(performance.now() - t);
      // Calls arrive over IPC: what follows a commit (the search index) runs between them.
      await new Promise((r) => setImmediate(r));
    }
  }
  times.long.sort((a, b) => a - b);
  times.short.sort((a, b) => a - b);
  for (const p of [50, 95]) report('hearing-log', `logEntry p${p}, hearing of ${LONG} vs ${SHORT} entries`, percentile(times.long, p), 'ms', percentile(times.short, p));
} finally {
  await core.close();
}
