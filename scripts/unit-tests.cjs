// Runs the three vitest projects (vitest.config.ts) side by side, one file at a time each: the
// files that share the PulseAudio room, those with a daemon of their own, and the rest. Vitest
// itself puts every single-worker project into one queue, so the three are three processes. Each line is prefixed with its project;
// the closing "Tests" line sums them all, in vitest's own form (.ci/run reads it).
const { spawn } = require('node:child_process');
const readline = require('node:readline');

const projects = ['room', 'own', 'core'];
const args = process.argv.slice(2);
// eslint-disable-next-line no-control-regex -- the escape starts the terminal colour codes it removes
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

function run(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [require('node:path').join(__dirname, '..', 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', project, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
    });
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        const m = /^\s*Tests\s+(.*)\(\d+\)\s*$/.exec(strip(line));
        if (m) for (const [, n, what] of m[1].matchAll(/(\d+) (passed|failed|skipped)/g)) counts[what] += Number(n);
        process.stdout.write(`[${project}] ${line}\n`);
      });
    }
    child.on('close', (code) => resolve({ project, code: code ?? 1, counts }));
  });
}

Promise.all(projects.map(run)).then((results) => {
  const sum = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) for (const k of Object.keys(sum)) sum[k] += r.counts[k];
  const parts = [sum.failed ? `${sum.failed} failed` : '', `${sum.passed} passed`, sum.skipped ? `${sum.skipped} skipped` : ''].filter(Boolean);
  console.log(`\n      Tests  ${parts.join(' | ')} (${sum.passed + sum.failed + sum.skipped})`);
  for (const r of results) if (r.code !== 0) console.log(`project ${r.project}: vitest exited ${r.code}`);
  process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
});
