import fs from 'node:fs';
import path from 'node:path';

// Durable writes: what the station acknowledges must survive a power cut. A write is durable
// once its file is fsynced; a create or rename once its folder is fsynced too.

/** Writes all of `b` (writeSync may write less than asked), at `position` when given. */
export function writeAll(fd: number, b: Buffer, position?: number): void {
  let off = 0;
  while (off < b.length) off += fs.writeSync(fd, b, off, b.length - off, position === undefined ? null : position + off);
}

/** A rename or a new file is durable only once its folder is synced. */
export function syncDir(dir: string): void {
  let fd = -1;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // some platforms (Windows) cannot open folders; rename is still atomic there
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

/** fsync of a file written by someone else (a child process). */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a file atomically: temp name, fsync, rename, fsync of the folder. `mode` for a new file (0600 for secrets). */
export function writeFileDurable(file: string, data: string | Buffer, mode = 0o644): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  syncDir(path.dirname(file));
}

/** Like writeFileDurable, but never replaces a file that exists: throws EEXIST (a link, not a rename, puts it in place). */
export function createFileDurable(file: string, data: Buffer, mode = 0o644): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    try {
      writeAll(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.linkSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  syncDir(path.dirname(file));
}
