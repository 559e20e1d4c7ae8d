import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeAll } from '../fs/durable';
import { PART_SUFFIX } from './session-folder';

// One video segment being received: the recorder's bytes, appended in sequence order to
// <track>-NNNNNN.<ext>.part. `sync()` (once a second) fdatasyncs, so after a power cut the part
// file holds everything acknowledged more than a second before. The SHA-256 of the bytes as
// received is computed on the way in. Closing and recovery both end in video-finalize.ts.

export class VideoSegmentFile {
  readonly partPath: string;
  readonly finalPath: string;
  private fd: number;
  private hash: Hash = createHash('sha256');
  bytes = 0;
  private synced = 0;

  constructor(
    readonly dir: string,
    readonly file: string,
  ) {
    this.finalPath = path.join(dir, file);
    this.partPath = this.finalPath + PART_SUFFIX;
    this.fd = fs.openSync(this.partPath, 'wx');
  }

  write(b: Buffer): void {
    writeAll(this.fd, b, this.bytes);
    this.bytes += b.length;
    this.hash.update(b);
  }

  sync(): void {
    if (this.fd < 0 || this.synced === this.bytes) return;
    fs.fdatasyncSync(this.fd);
    this.synced = this.bytes;
  }

  /** fsync and close; returns the hash of the bytes received. The part file stays for the remux. */
  finish(): { sourceSha256: string; sourceBytes: number } {
    if (this.fd >= 0) {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      this.fd = -1;
    }
    return { sourceSha256: this.hash.digest('hex'), sourceBytes: this.bytes };
  }

  /** Closes without anything else (the process is going away; recovery takes the part file). */
  abandon(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
