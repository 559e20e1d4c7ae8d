import fs from 'node:fs';
import path from 'node:path';
import { syncDir, writeAll } from '../fs/durable';
import { PART_SUFFIX } from './session-folder';
import { BYTES_PER_SAMPLE, headerSize, wavHeader, type WavFormat } from './wav';

// One audio segment being written. It lives under a temporary name (<file>.part) until it is
// complete; `sync()` (called at least once a second) writes the true sizes into the header and
// fdatasyncs, so after a power cut the part file plays and loses at most the last second.
// `finish()` makes it final atomically: header, fsync, rename to <file>, fsync of the folder.

export class WavSegmentFile {
  readonly partPath: string;
  readonly finalPath: string;
  private fd: number;
  private dataBytes = 0;
  private syncedBytes = -1;
  private readonly frameBytes: number;
  private readonly hs: number;

  constructor(
    readonly dir: string,
    readonly file: string,
    readonly fmt: WavFormat,
  ) {
    this.finalPath = path.join(dir, file);
    this.partPath = this.finalPath + PART_SUFFIX;
    this.frameBytes = fmt.channels * BYTES_PER_SAMPLE;
    this.hs = headerSize(fmt.channels);
    this.fd = fs.openSync(this.partPath, 'wx');
    try {
      this.writeAt(wavHeader(fmt, 0), 0);
    } catch (e) {
      fs.closeSync(this.fd);
      fs.rmSync(this.partPath, { force: true });
      throw e;
    }
  }

  get frames(): number {
    return this.dataBytes / this.frameBytes;
  }

  get bytes(): number {
    return this.hs + this.dataBytes;
  }

  /**
   * Appends whole frames. On a write error (disk full) the file is cut back to the last whole
   * frame that reached it, so it stays a valid WAV, and the error is rethrown.
   */
  write(pcm: Buffer): void {
    const pos = this.hs + this.dataBytes;
    let off = 0;
    try {
      while (off < pcm.length) off += fs.writeSync(this.fd, pcm, off, pcm.length - off, pos + off);
      this.dataBytes += pcm.length;
    } catch (e) {
      const whole = off - (off % this.frameBytes);
      this.dataBytes += whole;
      try {
        fs.ftruncateSync(this.fd, this.hs + this.dataBytes);
      } catch {
        // the header written at finish() still states the right size
      }
      throw e;
    }
  }

  /** True sizes into the header, then fdatasync: what was written so far survives a power cut. */
  sync(): void {
    if (this.syncedBytes === this.dataBytes) return;
    this.writeAt(wavHeader(this.fmt, this.dataBytes), 0);
    fs.fdatasyncSync(this.fd);
    this.syncedBytes = this.dataBytes;
  }

  /** Final header, fsync, atomic rename, fsync of the folder. Returns the final size in bytes. */
  finish(): number {
    this.writeAt(wavHeader(this.fmt, this.dataBytes), 0);
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.fd = -1;
    fs.renameSync(this.partPath, this.finalPath);
    syncDir(this.dir);
    return this.bytes;
  }

  /** Closes without renaming (the part file stays for recovery). */
  abandon(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  private writeAt(b: Buffer, pos: number): void {
    writeAll(this.fd, b, pos);
  }
}
