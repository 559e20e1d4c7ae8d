import fs from 'node:fs';
import path from 'node:path';

// The data directory holds evidence, the protocol database and the station's key: readable by
// the station's user alone. The folder is 0700 (nobody else can even look inside), every file
// 0600, a closed segment 0400 (read-only: it is hashed and chained, nothing may write it again).
// On Windows modes are mostly ignored; the folder's ACL is the installer's job.

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
export const READ_ONLY_FILE_MODE = 0o400;

/**
 * From now on this process (and the tools it starts: sox, ffmpeg) creates files 0600 and folders
 * 0700. A process-wide setting, which is what a station wants; a worker thread cannot change it.
 */
export function restrictNewFiles(): void {
  try {
    process.umask(0o077);
  } catch {
    // worker threads cannot set the umask; the modes below are still enforced at start
  }
}

/**
 * Makes `dataDir` private: the folder and every folder below 0700, every file 0600, and a file
 * already read-only (a closed segment) 0400. Symbolic links are not followed.
 */
export function makeDataDirPrivate(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  privateTree(dataDir);
}

function privateTree(dir: string): void {
  setMode(dir, PRIVATE_DIR_MODE);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) privateTree(p);
    else if (e.isFile()) {
      let mode: number;
      try {
        mode = fs.lstatSync(p).mode & 0o777;
      } catch {
        continue; // gone meanwhile (a temp file)
      }
      setMode(p, (mode & 0o200) === 0 ? READ_ONLY_FILE_MODE : PRIVATE_FILE_MODE);
    } else if (e.isSocket()) setMode(p, PRIVATE_FILE_MODE);
  }
}

function setMode(p: string, mode: number): void {
  try {
    if ((fs.lstatSync(p).mode & 0o777) !== mode) fs.chmodSync(p, mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** A closed segment: read-only for the station's user, nothing for anyone else. */
export function makeReadOnly(file: string): void {
  fs.chmodSync(file, READ_ONLY_FILE_MODE);
}
