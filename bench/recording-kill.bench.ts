import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Manifest } from '../main/evidence/manifest';
import { ensurePulse, releasePulse, sleep } from '../test/support/pulse';
import { report } from './report';

// Audio lost when a recording process is killed with SIGKILL: the wall time of the kill minus
// the wall time of the last sample that recovery found on disk, over 5 runs (8 ch @ 48 kHz).

const runs = Number(process.env.BENCH_RUNS ?? 5);
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'hattama.js');
const env = { ...process.env, PULSE_LATENCY_MSEC: '20' };

async function once(): Promise<number> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-bench-kill-'));
  const child = spawn(process.execPath, [bin, 'record', '--data', data, '--seconds', '120', '--channels', '8'], { cwd: root, env, stdio: 'ignore' });
  const closed = new Promise((r) => child.on('close', r));
  const rec = path.join(data, 'recordings');
  let folder = '';
  for (const until = Date.now() + 30_000; Date.now() < until; await sleep(50)) {
    const ids = fs.existsSync(rec) ? fs.readdirSync(rec) : [];
    if (!ids[0]) continue;
    folder = path.join(rec, ids[0]);
    const part = fs.readdirSync(folder).find((f) => f.endsWith('.part'));
    // ~2 s of audio, plus a random phase against the capture's 125 ms periods
    if (part && fs.statSync(path.join(folder, part)).size > 2 * 768_000) break;
  }
  await sleep(Math.random() * 250);
  const killedAt = Date.now();
  child.kill('SIGKILL');
  await closed;
  const r = spawnSync(process.execPath, [bin, 'recover', '--data', data], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`recover failed: ${r.stderr}`);
  const m = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
  const last = m.segments[m.segments.length - 1]!;
  const end = Date.parse(last.startedAt) + (last.frames! / 48000) * 1000;
  fs.rmSync(data, { recursive: true, force: true });
  return killedAt - end;
}

await ensurePulse();
const lost: number[] = [];
for (let i = 0; i < runs; i++) lost.push(await once());
releasePulse();
const mean = lost.reduce((a, b) => a + b, 0) / lost.length;
for (const [i, v] of lost.entries()) report('recording-kill', `lost_ms_run${i + 1}`, v, 'ms');
report('recording-kill', 'lost_ms_mean', mean, 'ms');
report('recording-kill', 'lost_ms_max', Math.max(...lost), 'ms');
