import fs from 'node:fs';
import path from 'node:path';
import { syncDir, writeAll } from '../fs/durable';
import { PART_SUFFIX } from './session-folder';
import type { BwfMeta } from './bwf';
import { BYTES_PER_SAMPLE, bwfHeader, MAX_WAV_BYTES, parseWavHeader, setSizes, wavHeader, type WavFormat, type WavInfo } from './wav';

// One audio segment being written. It lives under a temporary name (<file>.part) until it is
// complete; `sync()` (called at least once a second) writes the true sizes into the header and
// fdatasyncs, so after a power cut the part file plays and loses at most the last second.
// `finish()` makes it final atomically: header, fsync, rename to <file>, fsync of the folder.
// With `meta` it is a Broadcast Wave file (bext, iXML; RF64 past `riffLimit`), whose chunks are
// written once at creation: every later header write changes only the sizes. Without, a plain
// WAV (what wave 1 wrote; kept for fixtures of old sessions).

export interface WavSegmentOptions {
  /** Broadcast Wave metadata; without it the file is a plain WAV. */
  meta?: BwfMeta;
  /** RIFF size above which the file becomes RF64 (4 GiB; a parameter so tests need not write that much). */
  riffLimit?: number;
}

export class WavSegmentFile {
  readonly partPath: string;
  readonly finalPath: string;
  private fd: number;
  private dataBytes = 0;
  private syncedBytes = -1;
  private readonly frameBytes: number;
  private readonly hs: number;
  private readonly head: Buffer;
  private readonly layout: WavInfo;
  private readonly riffLimit: number;

  constructor(
    readonly dir: string,
    readonly file: string,
    readonly fmt: WavFormat,
    opts: WavSegmentOptions = {},
  ) {
    this.finalPath = path.join(dir, file);
    this.partPath = this.finalPath + PART_SUFFIX;
    this.frameBytes = fmt.channels * BYTES_PER_SAMPLE;
    if (opts.meta && (opts.meta.channels !== fmt.channels || opts.meta.sampleRate !== fmt.sampleRate)) throw new Error('BWF metadata of another format');
    this.head = opts.meta ? bwfHeader(opts.meta) : wavHeader(fmt, 0);
    this.layout = parseWavHeader(this.head);
    this.hs = this.layout.dataOffset;
    this.riffLimit = opts.riffLimit ?? MAX_WAV_BYTES;
    this.fd = fs.openSync(this.partPath, 'wx');
    try {
      this.writeAt(this.head, 0);
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
    this.writeHeader();
    fs.fdatasyncSync(this.fd);
    this.syncedBytes = this.dataBytes;
  }

  /** Final header, fsync, atomic rename, fsync of the folder. Returns the final size in bytes. */
  finish(): number {
    this.writeHeader();
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

  /** The header with the sizes of the samples written so far (RF64 once they outgrow RIFF). */
  private writeHeader(): void {
    setSizes(this.head, this.layout, this.dataBytes, this.riffLimit);
    this.writeAt(this.head, 0);
  }

  private writeAt(b: Buffer, pos: number): void {
    writeAll(this.fd, b, pos);
  }
}
