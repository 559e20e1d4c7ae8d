import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HattamaError } from '../../common/errors';
import { LOCK_FILE, lockDataDir } from '../../main/core/data-dir-lock';
import { openTestCore } from '../support/core';
import { tempDir } from '../support/tools';

// One core per data directory; a lock left by a core that died (crash, power cut) is taken over.

const code = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof HattamaError ? e.code : String(e);
  }
};

describe('data directory lock', () => {
  it('refuses a second core while the first runs, and frees the directory when it closes', async () => {
    const dir = tempDir();
    const first = await openTestCore(dir);
    await expect(openTestCore(dir)).rejects.toMatchObject({ code: 'app.dataDirInUse' });
    await first.close();
    const again = await openTestCore(dir);
    await again.close();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock whose holder is gone, or whose pid now belongs to another process', () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: Number(dead.stdout), host: os.hostname(), started: '1', at: '2026-01-01T00:00:00Z' }));
    const lock = lockDataDir(dir);
    lock.release();
    // A live pid (this test's parent) but another start time: the pid was reused after a reboot.
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: os.hostname(), started: 'not-its-start', at: '2026-01-01T00:00:00Z' }));
    const reused = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    reused.release();
    // A half-written file is stale too.
    fs.writeFileSync(path.join(dir, LOCK_FILE), '{"pid":');
    lockDataDir(dir).release();
  });

  it('a live holder is named in the refusal', () => {
    const dir = tempDir();
    const held = lockDataDir(dir);
    try {
      expect(code(() => lockDataDir(dir))).toBe('app.dataDirInUse');
    } finally {
      held.release();
    }
  });
});
