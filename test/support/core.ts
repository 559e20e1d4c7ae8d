import { createCore, type Core } from '../../main/core/core';
import { createLogger } from '../../main/log/logger';
import { openConfSettings } from '../../main/settings/settings-store';
import { tempDir } from './tools';

/** A real core on a fresh (or given) data directory, as `hattama serve` opens it. */
export async function openTestCore(dir = tempDir()): Promise<Core> {
  const settings = await openConfSettings(dir);
  const { log, file } = createLogger(dir, { sync: true });
  return createCore({ dataDir: dir, settings, log, logFile: file });
}
