import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePulse, releasePulse } from '../../test/support/pulse';

// Each Playwright worker has its own PulseAudio daemon with its own "room" (PULSE_RUNTIME_PATH
// names the daemon for every client this worker starts: the station's capture, pacat, pactl),
// so two workers can record at once and never hear each other's tones.

export async function startWorkerPulse(): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-pulse-'));
  process.env.PULSE_RUNTIME_PATH = path.join(dir, 'pulse');
  await ensurePulse();
  return () => {
    releasePulse();
    spawnSync('pactl', ['exit'], { stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
