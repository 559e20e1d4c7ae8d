import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../main/evidence/manifest';
import { ensurePulse, PULSE_TOOLS, releasePulse } from '../support/pulse';
import { runCli } from '../support/recording';
import { IN_CI, missingTools, tempDir } from '../support/tools';

const skip = missingTools(...PULSE_TOOLS);

describe.skipIf(skip)('recording: bad input fails clearly and keeps what was recorded', () => {
  let data = '';
  let good = '';
  beforeAll(async () => {
    await ensurePulse();
    data = tempDir();
    const r = await runCli(['record', '--data', data, '--seconds', '1', '--channels', '2']);
    expect(r.code).toBe(0);
    good = r.stdout.trim();
  });
  afterAll(async () => {
    // Whatever failed after it, the earlier recording is still intact.
    const v = await runCli(['verify', good, '--data', data]);
    expect(v.code).toBe(0);
    releasePulse();
  });

  it('an unknown device: a translated error naming it, no session left behind', async () => {
    const en = await runCli(['record', '--data', data, '--seconds', '2', '--device', 'no-such-mixer', '--lang', 'en']);
    expect(en.code).toBe(1);
    expect(en.stderr.trim()).toBe('hattama: Audio device not found: no-such-mixer. Check the device name in the settings and that the interface is connected.');
    const kk = await runCli(['record', '--data', data, '--seconds', '2', '--device', 'no-such-mixer']);
    expect(kk.stderr).toMatch(/Дыбыс құрылғысы табылмады: no-such-mixer/);
    expect(fs.readdirSync(path.join(data, 'recordings'))).toHaveLength(1);
  });

  it('0 or 17 channels, a bad rate: refused before anything starts', async () => {
    for (const n of ['0', '17']) {
      const r = await runCli(['record', '--data', data, '--seconds', '1', '--channels', n, '--lang', 'en']);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(`hattama: Invalid number of channels: ${n} (must be 1 to 16)`);
    }
    const ru = await runCli(['record', '--data', data, '--seconds', '1', '--rate', '12345', '--lang', 'ru']);
    expect(ru.code).toBe(1);
    expect(ru.stderr).toMatch(/Неверная частота дискретизации: 12345/);
  });

  it('an unwritable data folder', async () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, 'x');
    const r = await runCli(['record', '--data', path.join(file, 'data'), '--seconds', '1', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot write to the data folder: .*a-file\/data/);
  });

  it('disk full while recording: stops with a clear error; what was recorded is closed, signed and verifies', async () => {
    const mnt = tempDir('hattama-full-');
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt], { encoding: 'utf8' });
    if (m.status !== 0) {
      const why = `cannot mount a small tmpfs (needs root): ${m.stderr.trim()}`;
      if (IN_CI) throw new Error(why);
      console.warn(`SKIPPED: ${why}`);
      return;
    }
    try {
      const r = await runCli(['record', '--data', mnt, '--seconds', '30', '--channels', '8', '--lang', 'en', '--json']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/hattama: The disk is full; recording stopped\. What was recorded is kept and signed: /);
      const summary = JSON.parse(r.stdout) as { folder: string; duration: number; status: string };
      expect(summary.status).toBe('aborted');
      expect(summary.duration).toBeGreaterThan(0.5);
      const v = await runCli(['verify', summary.folder, '--data', mnt, '--lang', 'en']);
      expect(v.stdout + v.stderr).toMatch(/Intact/);
      expect(v.code).toBe(0);
      const manifest = JSON.parse(fs.readFileSync(path.join(summary.folder, 'manifest.json'), 'utf8')) as Manifest;
      expect(manifest.timeline.map((t) => t.type)).toEqual(['start', 'error', 'stop']);
      expect(manifest.timeline[1]).toMatchObject({ code: 'recording.diskFull', reason: 'ENOSPC' });
    } finally {
      spawnSync('umount', ['-l', mnt]);
    }
  });
});
