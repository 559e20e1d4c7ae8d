import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

// Where a station core listens for local clients (the CLI): a Unix socket in the data
// directory, or a named pipe on Windows. Unix socket paths are limited to ~104 bytes, so a
// deep data directory gets a socket in the temp folder named after it.

const MAX_UNIX_PATH = 100;

export function controlSocketPath(dataDir: string): string {
  const abs = path.resolve(dataDir);
  const tag = createHash('sha256').update(abs).digest('hex').slice(0, 16);
  if (process.platform === 'win32') return `\\\\?\\pipe\\hattama-${tag}`;
  const inData = path.join(abs, 'control.sock');
  return inData.length <= MAX_UNIX_PATH ? inData : path.join(os.tmpdir(), `hattama-${tag}.sock`);
}
