import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStationDatabase } from '../main/core/station-schema';
import { search, type SearchQuery } from '../main/protocol/search';
import { bulkLoad, rng, vocabulary } from './protocol-fixture';
import { percentile, report } from './report';

// Search latency over 1,000,000 protocol entries (1,000 hearings) through protocol.search's
// query (FTS5 + current revision + hearing + filters, top 50 by rank), against the bare FTS5
// query (MATCH … ORDER BY rank LIMIT 50 on the same index) in the same run. The database is
// opened again after the load, as the station opens it: the loader's big page cache is not the
// station's.

const COUNT = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-bench-search-'));
try {
  const loading = openStationDatabase(dir);
  const t0 = Date.now();
  bulkLoad(loading, COUNT, 1000);
  loading.close();
  report('protocol-search', 'bulk load', (Date.now() - t0) / 1000, 's');
  const db = openStationDatabase(dir);
  report('protocol-search', 'entries', COUNT, 'entries');

  const vocab = vocabulary();
  const r = rng(5);
  // rare words live at the end of the skewed vocabulary, common ones at its start
  const rare = () => vocab[vocab.length - 1 - Math.floor(r() * 1500)]!;
  const mid = () => vocab[200 + Math.floor(r() * 300)]!;
  const common = () => vocab[Math.floor(r() * 20)]!;
  const classes: Record<string, () => SearchQuery> = {
    'rare word': () => ({ text: rare() }),
    'two words': () => ({ text: `${mid()} ${mid()}` }),
    'common word': () => ({ text: common() }),
    'prefix (3 letters)': () => ({ text: common().slice(0, 3) }),
    'word + case number': () => ({ text: mid(), caseNumber: `-${1000 + Math.floor(r() * 1000)}/` }),
    'word + date range': () => ({ text: mid(), from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' }),
    participant: () => ({ participant: 'Үсенов' }),
  };
  const bare = db.prepare<[string], { rowid: number }>('SELECT rowid FROM entry_fts WHERE entry_fts MATCH ? ORDER BY rank LIMIT 50');
  const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

  const all: number[] = [];
  const allBare: number[] = [];
  for (const [name, make] of Object.entries(classes)) {
    const times: number[] = [];
    const bareTimes: number[] = [];
    // The bare query over a large part of the corpus takes seconds; it runs every fourth round there.
    const bareEvery = /common|prefix|participant/.test(name) ? 4 : 1;
    for (let i = 0; i < ROUNDS; i++) {
      const q = make();
      let t = process.hrtime.bigint();
      search(db, { ...q, limit: 50 });
      times.push(ms(t));
      if (i % bareEvery !== 0) continue;
      const words = (q.text ?? q.participant ?? '').match(/[\p{L}\p{N}]+/gu) ?? [];
      t = process.hrtime.bigint();
      bare.all(words.map((w) => `"${w}"*`).join(' '));
      bareTimes.push(ms(t));
    }
    times.sort((a, b) => a - b);
    bareTimes.sort((a, b) => a - b);
    all.push(...times);
    allBare.push(...bareTimes);
    report('protocol-search', `${name} p50`, percentile(times, 50), 'ms', percentile(bareTimes, 50));
    report('protocol-search', `${name} p95`, percentile(times, 95), 'ms', percentile(bareTimes, 95));
  }
  all.sort((a, b) => a - b);
  allBare.sort((a, b) => a - b);
  report('protocol-search', 'all queries p50', percentile(all, 50), 'ms', percentile(allBare, 50));
  report('protocol-search', 'all queries p95', percentile(all, 95), 'ms', percentile(allBare, 95));
  db.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
