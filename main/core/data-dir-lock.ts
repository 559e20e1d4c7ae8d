import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HattamaError } from '../../common/errors';

// One core per data directory: two recorders on one folder would interleave segments, chains
// and database writes. The lock file names the holder; a holder that no longer runs (crash,
// power cut) leaves a stale file that the next core takes over.

interface Holder {
  pid: number;
  host: string;
  /** The holder's process start (Linux: clock ticks since boot), to tell a reused pid from the holder. */
  started: string | null;
  at: string;
}

export const LOCK_FILE = 'core.lock';

function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime), counted after the command name, which may itself contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(h: Holder): boolean {
  if (h.host !== os.hostname()) return true; // a data directory on a share, held by another machine
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  const started = processStart(h.pid);
  return h.started === null || started === null || started === h.started;
}

export interface DataDirLock {
  release(): void;
}

/** Takes the data directory for this process, or refuses with who holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: os.hostname(), started: processStart(process.pid), at: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          fs.rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new HattamaError('app.dataDirUnwritable', { path: dataDir }, undefined, { cause: e });
    }
    let holder: Holder | null = null;
    try {
      holder = JSON.parse(fs.readFileSync(file, 'utf8')) as Holder;
    } catch {
      // unreadable or half-written by a core that died while writing it: stale
    }
    if (holder && typeof holder.pid === 'number' && alive(holder)) {
      throw new HattamaError('app.dataDirInUse', { path: dataDir, pid: holder.pid, since: holder.at });
    }
    fs.rmSync(file, { force: true });
  }
  throw new HattamaError('app.dataDirInUse', { path: dataDir, pid: '?', since: '?' });
}
