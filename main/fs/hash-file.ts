import { createHash } from 'node:crypto';
import fs from 'node:fs';

// SHA-256 of a file, read in 1 MiB pieces: segments are large, and nothing holds a whole one in memory.

export interface FileHash {
  sha256: string;
  bytes: number;
}

/** Streamed: does not block the event loop while a large segment is read. */
export function hashFile(file: string): Promise<FileHash> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    let bytes = 0;
    fs.createReadStream(file, { highWaterMark: 1 << 20 })
      .on('data', (b) => {
        bytes += b.length;
        h.update(b);
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: h.digest('hex'), bytes }));
  });
}

/** The same, synchronously (verify, and small files in a close path). */
export function hashFileSync(file: string): FileHash {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  try {
    for (let n = fs.readSync(fd, buf, 0, buf.length, null); n > 0; n = fs.readSync(fd, buf, 0, buf.length, null)) {
      h.update(buf.subarray(0, n));
      bytes += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { sha256: h.digest('hex'), bytes };
}
