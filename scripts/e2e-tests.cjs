// Runs the Playwright projects (playwright.config.ts) one after the other: "shared", the specs
// that may run two at a time (each worker has its own PulseAudio room), then "alone", the specs
// that measure timing (a flash against a tone, the video tiles' drift) with nothing else running.
// The closing lines sum both runs in Playwright's own form (.ci/run reads the last ones).
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const projects = ['shared', 'alone'];
const args = process.argv.slice(2);
// eslint-disable-next-line no-control-regex -- the escape starts the terminal colour codes it removes
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

function run(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--project', project, '--pass-with-no-tests', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const counts = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        const m = /^\s*(\d+) (passed|failed|skipped|flaky)\b/.exec(strip(line));
        if (m) counts[m[2]] += Number(m[1]);
        process.stdout.write(`${line}\n`);
      });
    }
    child.on('close', (code) => resolve({ project, code: code ?? 1, counts }));
  });
}

(async () => {
  const started = Date.now();
  const results = [];
  for (const p of projects) results.push(await run(p));
  const sum = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
  for (const r of results) for (const k of Object.keys(sum)) sum[k] += r.counts[k];
  console.log(`\nBoth projects (${projects.join(', ')}):`);
  if (sum.failed) console.log(`  ${sum.failed} failed`);
  if (sum.flaky) console.log(`  ${sum.flaky} flaky`);
  if (sum.skipped) console.log(`  ${sum.skipped} skipped`);
  console.log(`  ${sum.passed} passed (${((Date.now() - started) / 60000).toFixed(1)}m)`);
  for (const r of results) if (r.code !== 0) console.log(`project ${r.project}: playwright exited ${r.code}`);
  process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
})();
