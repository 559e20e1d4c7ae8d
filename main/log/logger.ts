import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * One log format for the shell and the core: pino JSON lines, rotated by size in
 * DATA/logs (10 files of 10 MB). `destination: 'sync'` is for short CLI runs that must not
 * lose their last lines when they exit.
 */
export function createLogger(dataDir: string, opts: { name?: string; level?: string; sync?: boolean } = {}): { log: Logger; file: string } {
  const dir = path.join(dataDir, 'logs');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'hattama.log');
  const level = opts.level ?? process.env.HATTAMA_LOG_LEVEL ?? 'info';
  if (opts.sync) {
    return { log: pino({ name: opts.name ?? 'hattama', level }, pino.destination({ dest: file, sync: true, mkdir: true })), file };
  }
  const transport = pino.transport({
    target: 'pino-roll',
    options: { file: path.join(dir, 'hattama'), extension: '.log', size: '10m', limit: { count: 10 }, mkdir: true, symlink: true },
  });
  return { log: pino({ name: opts.name ?? 'hattama', level }, transport), file: path.join(dir, 'current.log') };
}
