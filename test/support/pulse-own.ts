import { spawnSync } from 'node:child_process';
import { ensurePulse, releasePulse } from './pulse';
import { ensureConferenceSinks, releaseConferenceSinks } from './pulse-conference';
import { tempDir } from './tools';

// A suite's own PulseAudio daemon (its own runtime folder) with the room and the conference sinks:
// another suite playing into the shared room cannot put its sound into this one's. Stopped at the end.

export function ownPulse(): { start(): Promise<void>; stop(): void } {
  const runtime = tempDir('hattama-pulse-');
  const before = process.env.PULSE_RUNTIME_PATH;
  return {
    async start() {
      process.env.PULSE_RUNTIME_PATH = runtime;
      await ensurePulse();
      await ensureConferenceSinks();
    },
    stop() {
      releaseConferenceSinks();
      releasePulse();
      spawnSync('pulseaudio', ['--kill'], { env: { ...process.env, PULSE_RUNTIME_PATH: runtime } });
      if (before === undefined) delete process.env.PULSE_RUNTIME_PATH;
      else process.env.PULSE_RUNTIME_PATH = before;
    },
  };
}

/** Resolves once `ok()` holds (checked every 100 ms), or fails saying what was awaited after `ms`. */
export async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
