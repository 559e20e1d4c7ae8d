import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Where the evidence lives: DATA/recordings/<session-id>/ holds every track's segments, the
// chain and, once closed, the signed manifest. A live recorder keeps `.lock` fresh and a
// `.reserve` of free space; segments being written carry `.part` until they are final.

export const RECORDINGS_DIR = 'recordings';
export const LOCK_FILE = '.lock';
export const RESERVE_FILE = '.reserve';
/** Kept free for closing the session when the disk fills up: header, chain entries, manifest. */
export const RESERVE_BYTES = 512 * 1024;
export const PART_SUFFIX = '.part';
/** A recorder touches its lock at least once a second; older than this means it is gone. */
const LIVE_LOCK_MS = 5000;

/** Session ids as the recorder makes them (20250314T091502Z-3fa9c2); nothing that could name a path. */
export const SESSION_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** Segment file names (audio-000001.wav, cam1-000001.webm). */
export const FILE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function recordingsDir(dataDir: string): string {
  return path.join(dataDir, RECORDINGS_DIR);
}

/** The folder of a session id, or null when the id could name anything else. */
export function sessionDir(dataDir: string, sessionId: string): string | null {
  if (!SESSION_ID_RE.test(sessionId) || sessionId.includes('..')) return null;
  return path.join(recordingsDir(dataDir), sessionId);
}

/** "20250314T091502Z-3fa9c2": sorts by start time, unique without coordination. */
export function newSessionId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${t}-${randomBytes(3).toString('hex')}`;
}

/** "audio-000001.wav": the track id first, so every track's files (cam1-000001.webm) sort beside it. */
export function segmentFileName(track: string, index: number, ext: string): string {
  return `${track}-${String(index).padStart(6, '0')}.${ext}`;
}

/** True while some process is recording into this session folder. */
export function isSessionLive(dir: string): boolean {
  const lock = path.join(dir, LOCK_FILE);
  let st: fs.Stats;
  let pid: number;
  try {
    st = fs.statSync(lock);
    pid = Number((JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid?: unknown }).pid);
  } catch {
    return false;
  }
  if (Date.now() - st.mtimeMs > LIVE_LOCK_MS) return false;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Session folders that a live recorder (any process) is writing. */
export function liveSessions(dataDir: string): string[] {
  const root = recordingsDir(dataDir);
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).filter((id) => isSessionLive(path.join(root, id)));
}

/** Part and remux files a finished folder must not keep. */
export function leftoverParts(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => /\.(part|remux)$/.test(f)).map((f) => path.join(dir, f));
}
