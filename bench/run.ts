import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// `npm run bench`: runs every bench/*.bench.ts in turn (or those whose name contains an
// argument), each printing one JSON object per line:
// {"bench","metric","value","unit","baseline","ratio"}. Benchmarks report; they never assert.
const dir = import.meta.dirname;
const filters = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((x) => f.includes(x))))
  .sort();

let failed = 0;
for (const f of files) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, f)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    failed += 1;
    console.log(JSON.stringify({ bench: f.replace('.bench.ts', ''), metric: 'error', value: r.status ?? -1, unit: 'exit code', baseline: null, ratio: null }));
  }
}
process.exit(failed > 0 ? 1 : 0);
