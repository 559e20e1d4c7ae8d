import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTestPassphraseFile } from '../test/support/key-passphrase';
import { ensurePulse, releasePulse } from '../test/support/pulse';
import { report } from './report';

// CPU time of `hattama record` (node + its arecord child) for 60 s of 8 ch @ 48 kHz, against
// bare `arecord` writing the same stream from the same device to a file, both in the same run
// (side by side). /usr/bin/time reports user+system of the process and the children it waited
// for, i.e. the whole tree. BENCH_SECONDS shortens the run.

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const root = path.resolve(import.meta.dirname, '..');

function timed(cmd: string[], env: NodeJS.ProcessEnv): Promise<{ cpu: number; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('/usr/bin/time', ['-f', 'TIME %U %S', ...cmd], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    p.on('close', (code) => {
      const m = /TIME ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({ cpu: m ? Number(m[1]) + Number(m[2]) : NaN, code, stderr });
    });
  });
}

await ensurePulse();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-bench-cpu-'));
// A headless station seals its key with a passphrase (docs/security.md); the suite's own will do.
const env = { ...process.env, PULSE_LATENCY_MSEC: '20', HATTAMA_KEY_PASSPHRASE_FILE: ensureTestPassphraseFile() };
const [hattama, bare] = await Promise.all([
  timed([process.execPath, path.join(root, 'bin', 'hattama.js'), 'record', '--data', path.join(tmp, 'data'), '--seconds', String(seconds), '--channels', '8', '--rate', '48000'], env),
  timed(['arecord', '-q', '-D', 'default', '-c', '8', '-r', '48000', '-f', 'S16_LE', '-t', 'raw', '-d', String(seconds), path.join(tmp, 'bare.raw')], env),
]);
// The same command for 2 s: its CPU is mostly start-up (Node, tsx compiling the TypeScript,
// SQLite, key). The difference is the steady-state cost of recording one more second.
const short = await timed([process.execPath, path.join(root, 'bin', 'hattama.js'), 'record', '--data', path.join(tmp, 'data2'), '--seconds', '2', '--channels', '8'], env);
releasePulse();
fs.rmSync(tmp, { recursive: true, force: true });
if (hattama.code !== 0 || short.code !== 0) {
  // A failed run has no meaningful CPU time: say so instead of reporting it.
  console.error((hattama.code !== 0 ? hattama : short).stderr);
  process.exit(1);
}
report('recording-cpu', `cpu_seconds_${seconds}s_8ch_48k`, hattama.cpu, 's', bare.cpu);
report('recording-cpu', 'cpu_percent_of_one_core', (hattama.cpu / seconds) * 100, '%', (bare.cpu / seconds) * 100);
report('recording-cpu', 'startup_cpu_seconds', short.cpu, 's');
report('recording-cpu', 'steady_state_cpu_ms_per_s', ((hattama.cpu - short.cpu) / (seconds - 2)) * 1000, 'ms/s', (bare.cpu / seconds) * 1000);
