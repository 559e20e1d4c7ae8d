import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../main/evidence/manifest';
import { openTestCore, staffOf } from '../support/core';
import { ensurePulse, PULSE_TOOLS, releasePulse, sleep } from '../support/pulse';
import { collect, runCli, spawnCli } from '../support/recording';
import { missingTools, tempDir } from '../support/tools';

const skip = missingTools(...PULSE_TOOLS);
const BYTES_PER_SEC_8CH = 48000 * 8 * 2;

/** Starts `hattama record`, waits for ~`seconds` of audio on disk, kills it with SIGKILL. */
async function recordAndKill(data: string, seconds: number): Promise<{ killedAt: number; folder: string }> {
  const child = spawnCli(['record', '--data', data, '--seconds', '120', '--channels', '8']);
  const done = collect(child, 60_000);
  const root = path.join(data, 'recordings');
  let folder: string | undefined;
  const until = Date.now() + 30_000;
  for (;;) {
    if (Date.now() > until) throw new Error(`no audio on disk: ${(await (child.kill('SIGKILL'), done)).stderr}`);
    const ids = fs.existsSync(root) ? fs.readdirSync(root) : [];
    if (ids.length === 1) {
      folder = path.join(root, ids[0]!);
      const part = fs.readdirSync(folder).find((f) => f.endsWith('.part'));
      if (part && fs.statSync(path.join(folder, part)).size > seconds * BYTES_PER_SEC_8CH) break;
    }
    await sleep(50);
  }
  const killedAt = Date.now();
  child.kill('SIGKILL');
  await done;
  return { killedAt, folder: folder! };
}

function lostMs(m: Manifest, killedAt: number): number {
  const last = m.segments[m.segments.length - 1]!;
  const end = Date.parse(last.startedAt) + (last.frames! / 48000) * 1000;
  return killedAt - end;
}

describe.skipIf(skip)('recording: crash and power cut', () => {
  beforeAll(ensurePulse);
  afterAll(releasePulse);

  it('after kill -9, `hattama recover` closes the session: it verifies, is marked recovered, and < 1 s is missing', async () => {
    const data = tempDir();
    const { killedAt, folder } = await recordAndKill(data, 2.5);
    expect(fs.existsSync(path.join(folder, 'manifest.json'))).toBe(false);
    // Unfinished: verify says so and fails.
    const before = await runCli(['verify', folder, '--lang', 'en']);
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/NO MANIFEST: manifest\.json/);
    expect(before.stdout).toMatch(/UNFINISHED: audio-000001\.wav\.part/);

    const r = await runCli(['recover', '--data', data, '--json']);
    expect(r.code).toBe(0);
    const rec = JSON.parse(r.stdout) as { recovered: Array<{ sessionId: string; repaired: string[] }> };
    expect(rec.recovered).toHaveLength(1);
    expect(rec.recovered[0]!.repaired).toEqual(['audio-000001.wav']);

    const v = await runCli(['verify', folder, '--data', data, '--lang', 'en']);
    expect(v.stdout).toMatch(/Note: the session was recovered after a crash/);
    expect(v.code).toBe(0);
    const m = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
    expect(m.status).toBe('recovered');
    const mark = m.timeline[m.timeline.length - 1]!;
    expect(mark.type).toBe('recovered');
    expect(mark.gapMs).toBeGreaterThan(0);
    const lost = lostMs(m, killedAt);
    expect(lost).toBeLessThan(1000);
    expect(lost).toBeGreaterThan(-300);
    // Nothing of the crash is left behind.
    expect(fs.readdirSync(folder).sort()).toEqual(['audio-000001.wav', 'chain.jsonl', 'manifest.json']);
    // Idempotent.
    const again = await runCli(['recover', '--data', data, '--lang', 'en']);
    expect(again.stdout).toMatch(/No session to recover/);
  });

  it('the core recovers an unfinished session when it starts, and announces its files once', async () => {
    const data = tempDir();
    const { folder } = await recordAndKill(data, 1);
    const core = await openTestCore(data);
    try {
      const m = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
      expect(m.status).toBe('recovered');
      const rows = core.db.prepare("SELECT payload FROM outbox WHERE kind = 'segment' AND ref = ?").all(m.session.sessionId) as Array<{ payload: string }>;
      const tracks = rows.map((r) => (JSON.parse(r.payload) as { track: string }).track).sort();
      expect(tracks).toEqual(['audio', 'chain', 'manifest']);
      const st = await core.call('recording.state', {}, await staffOf(core));
      expect(st.ok && (st.value as { state: string }).state).toBe('idle');
    } finally {
      await core.close();
    }
  });
});
