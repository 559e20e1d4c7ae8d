import fs from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';
import type { SyncState } from '../../common/contract/sync';
import { HattamaError } from '../../common/errors';
import { TUS_METADATA, TUS_PATH } from '../../common/sync-api';
import type { Db } from '../db/database';
import type { CentralClient } from './client';
import type { Credentials } from './enrollment';
import type { WorkerLog, WorkerStats } from './worker-types';
import { hashFile } from '../fs/hash-file';
import { tusHttpStack } from './tls-trust';
import { fileReaderFor } from './tus-file-source';

// Uploads announced segments by tus. The upload URL is saved in SQLite the moment central
// assigns it, so an interrupted upload resumes from central's offset, even after a station
// restart. A segment counts as delivered only when central says it verified the SHA-256. A
// file that is gone, is not a file or has another size than declared is caught before a byte
// is sent; one whose bytes changed is refused by central (its hash check) and then hashed
// here to say so. Either way it is marked (`missing:`/`corrupt:`), flagged on the heartbeat
// (`corruptSegmentAlarms`) and set aside, not retried: the uploads of the other segments
// continue. (The station does not hash every file before sending it: central hashes what it
// receives anyway, and a second full read of each segment cost a third of the throughput.)

interface SegRow {
  seq: number;
  file: string;
  sha256: string;
  bytes: number;
  upload_url: string | null;
  attempts: number;
  last_error: string | null;
  confirmed_at: string | null;
}

export interface UploadContext {
  db: Db;
  dataDir: string;
  client: CentralClient;
  creds: Credentials;
  chunkSize: number;
  stats: WorkerStats;
  log?: WorkerLog;
  onProgress(u: SyncState['uploading']): void;
}

const TODO = "confirmed_at IS NULL AND (last_error IS NULL OR (last_error NOT LIKE 'corrupt:%' AND last_error NOT LIKE 'missing:%'))";
export const HAS_UNCONFIRMED = `SELECT 1 FROM sync_segments WHERE ${TODO} LIMIT 1`;

export class SegmentUploader {
  private active: tus.Upload | null = null;

  constructor(private readonly c: UploadContext) {}

  async uploadAll(): Promise<void> {
    const rows = this.c.db.prepare<[], SegRow>(`SELECT * FROM sync_segments WHERE ${TODO} ORDER BY seq`).all();
    // A segment set aside (missing, unreadable, changed) returns; only central's trouble stops the run.
    for (const row of rows) await this.uploadOne(row);
  }

  private setAside(row: SegRow, problem: string): void {
    this.c.db.prepare('UPDATE sync_segments SET last_error = ?, upload_url = NULL WHERE seq = ?').run(problem.slice(0, 500), row.seq);
    this.c.log?.warn({ seq: row.seq, file: row.file, problem }, 'segment set aside: it cannot be uploaded as it was hashed');
  }

  /** What a look at the file tells without reading it: gone, not a file, or another size than declared. */
  private quickProblem(row: SegRow, abs: string): string | null {
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? `missing: ${row.file}` : `corrupt: ${row.file} cannot be read (${code ?? (e as Error).message})`;
    }
    if (st.isDirectory()) return `corrupt: ${row.file} cannot be read (EISDIR)`;
    if (!st.isFile()) return `corrupt: ${row.file} cannot be read (not a file)`;
    if (st.size !== row.bytes) return `corrupt: ${row.file} has ${st.size} bytes, declared ${row.bytes}`;
    return null;
  }

  /** What is wrong with the file on disk, or null when it still has its declared hash. */
  private async localProblem(row: SegRow, abs: string): Promise<string | null> {
    const quick = this.quickProblem(row, abs);
    if (quick) return quick;
    let got: string;
    try {
      got = (await hashFile(abs)).sha256;
    } catch (e) {
      return `corrupt: ${row.file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    }
    return got === row.sha256 ? null : `corrupt: ${row.file} has hash ${got}, declared ${row.sha256}`;
  }

  /** Stops the upload in flight (its URL stays saved: the next run resumes it). */
  async abort(): Promise<void> {
    const up = this.active;
    if (up) await up.abort(false).catch(() => undefined);
  }

  private confirm(seq: number): void {
    this.c.db.prepare('UPDATE sync_segments SET confirmed_at = ?, last_error = NULL WHERE seq = ?').run(new Date().toISOString(), seq);
    this.c.stats.segmentsConfirmed++;
  }

  private async uploadOne(row: SegRow): Promise<void> {
    const { db, client } = this.c;
    const status = await client.segmentStatus(row.seq);
    if (status.status === 'verified') return this.confirm(row.seq);
    const abs = path.resolve(this.c.dataDir, row.file);
    // Looked at before a byte is sent: an unreadable file would fail mid-upload and stop every
    // later segment. Changed bytes are central's hash check to find (then checkLocal says why).
    const problem = this.quickProblem(row, abs);
    if (problem) return this.setAside(row, problem);
    try {
      await this.tusUpload(row, abs);
    } catch (e) {
      const st = (e as { originalResponse?: { getStatus(): number; getBody(): string } | null }).originalResponse;
      const code = st?.getStatus() ?? 0;
      if (code >= 400 && code < 500) db.prepare('UPDATE sync_segments SET upload_url = NULL WHERE seq = ?').run(row.seq);
      db.prepare('UPDATE sync_segments SET attempts = attempts + 1, last_error = ? WHERE seq = ?').run(String((e as Error).message).slice(0, 500), row.seq);
      if (code === 401) throw new HattamaError('sync.unauthorized', { detail: 'upload refused' });
      if ((code === 422 || code === 0) && (await this.checkLocal(row, abs))) return;
      if (code >= 400) throw new HattamaError('sync.rejected', { status: code, detail: (st?.getBody() ?? '').slice(0, 300) });
      throw new HattamaError('sync.unreachable', { detail: `upload of segment ${row.seq}: ${(e as Error).message.split('\n')[0]}` }, undefined, { cause: e });
    }
    const after = await client.segmentStatus(row.seq);
    if (after.status === 'verified') return this.confirm(row.seq);
    db.prepare('UPDATE sync_segments SET upload_url = NULL WHERE seq = ?').run(row.seq);
    if (after.status === 'rejected' && (await this.checkLocal(row, abs))) return;
    throw new HattamaError('sync.hashMismatch', { seq: row.seq, detail: `segment ${row.seq} is ${after.status} on central` });
  }

  /** An upload failed: if the local file is at fault (changed or unreadable meanwhile), set it aside and say so. */
  private async checkLocal(row: SegRow, abs: string): Promise<boolean> {
    const problem = await this.localProblem(row, abs);
    if (problem) this.setAside(row, problem);
    return problem !== null;
  }

  private tusUpload(row: SegRow, abs: string): Promise<void> {
    const { db, stats, creds } = this.c;
    stats.uploadAttempts++;
    return new Promise<void>((resolve, reject) => {
      const stream = fs.createReadStream(abs);
      let attemptStart: number | null = null;
      let attemptMax = 0;
      const settle = () => {
        if (attemptStart !== null) stats.bytesSent += Math.max(0, attemptMax - attemptStart);
        stream.destroy();
        this.active = null;
      };
      const upload = new tus.Upload(stream, {
        endpoint: new URL(TUS_PATH, creds.centralUrl).href,
        uploadUrl: row.upload_url,
        uploadSize: row.bytes,
        chunkSize: this.c.chunkSize,
        fileReader: fileReaderFor(abs, row.bytes),
        retryDelays: null,
        storeFingerprintForResuming: false,
        removeFingerprintOnSuccess: false,
        metadata: { [TUS_METADATA.seq]: String(row.seq), [TUS_METADATA.sha256]: row.sha256, [TUS_METADATA.filename]: path.basename(row.file) },
        headers: { authorization: `Bearer ${creds.token}` },
        // Node's https for tus: the same trust as every other request to central.
        ...(creds.ca ? { httpStack: tusHttpStack(creds.ca) } : {}),
        onUploadUrlAvailable: () => {
          db.prepare('UPDATE sync_segments SET upload_url = ? WHERE seq = ?').run(upload.url, row.seq);
        },
        onProgress: (sent, total) => {
          if (attemptStart === null) attemptStart = sent;
          attemptMax = Math.max(attemptMax, sent);
          this.c.onProgress({ seq: row.seq, file: row.file, bytesSent: sent, bytesTotal: total });
        },
        onChunkComplete: (_size, accepted) => {
          // A new request starts at what central accepted; count it from there.
          if (attemptStart !== null) stats.bytesSent += Math.max(0, attemptMax - attemptStart);
          attemptStart = accepted;
          attemptMax = accepted;
        },
        onSuccess: () => {
          settle();
          resolve();
        },
        onError: (e) => {
          settle();
          reject(e);
        },
      });
      this.active = upload;
      upload.start();
    });
  }
}

/** Segments set aside as corrupt or missing, as heartbeat alarms for the Situation Center. */
export function corruptSegmentAlarms(db: Db): string[] {
  return db
    .prepare<[], { file: string; last_error: string }>("SELECT file, last_error FROM sync_segments WHERE confirmed_at IS NULL AND (last_error LIKE 'corrupt:%' OR last_error LIKE 'missing:%') ORDER BY seq")
    .all()
    .map((r) => `${r.last_error.startsWith('missing:') ? 'segmentMissing' : 'segmentCorrupt'} ${r.file}`);
}
