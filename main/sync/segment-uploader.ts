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

// Uploads announced segments by tus. The upload URL is saved in SQLite the moment central
// assigns it, so an interrupted upload resumes from central's offset, even after a station
// restart. A segment counts as delivered only when central says it verified the SHA-256. A
// file that is gone or no longer has its declared hash is set aside and reported, not retried.

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
    for (const row of rows) await this.uploadOne(row);
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
    if (!fs.existsSync(abs)) {
      db.prepare('UPDATE sync_segments SET last_error = ? WHERE seq = ?').run(`missing: ${row.file}`, row.seq);
      this.c.log?.warn({ seq: row.seq, file: row.file }, 'segment file is missing; cannot upload');
      return;
    }
    try {
      await this.tusUpload(row, abs);
    } catch (e) {
      const st = (e as { originalResponse?: { getStatus(): number; getBody(): string } | null }).originalResponse;
      const code = st?.getStatus() ?? 0;
      if (code >= 400 && code < 500) db.prepare('UPDATE sync_segments SET upload_url = NULL WHERE seq = ?').run(row.seq);
      db.prepare('UPDATE sync_segments SET attempts = attempts + 1, last_error = ? WHERE seq = ?').run(String((e as Error).message).slice(0, 500), row.seq);
      if (code === 401) throw new HattamaError('sync.unauthorized', { detail: 'upload refused' });
      if (code === 422) await this.checkLocal(row, abs);
      if (code >= 400) throw new HattamaError('sync.rejected', { status: code, detail: (st?.getBody() ?? '').slice(0, 300) });
      throw new HattamaError('sync.unreachable', { detail: `upload of segment ${row.seq}: ${(e as Error).message.split('\n')[0]}` }, undefined, { cause: e });
    }
    const after = await client.segmentStatus(row.seq);
    if (after.status === 'verified') return this.confirm(row.seq);
    db.prepare('UPDATE sync_segments SET upload_url = NULL WHERE seq = ?').run(row.seq);
    if (after.status === 'rejected') await this.checkLocal(row, abs);
    throw new HattamaError('sync.hashMismatch', { seq: row.seq, detail: `segment ${row.seq} is ${after.status} on central` });
  }

  /** Central refused the bytes: if the local file no longer has its declared hash, stop retrying and say so. */
  private async checkLocal(row: SegRow, abs: string): Promise<void> {
    const { sha256: got } = await hashFile(abs);
    if (got !== row.sha256) {
      this.c.db.prepare('UPDATE sync_segments SET last_error = ? WHERE seq = ?').run(`corrupt: local file hash ${got} differs from the declared ${row.sha256}`, row.seq);
      this.c.log?.warn({ seq: row.seq, file: row.file }, 'segment file changed on the station after it was hashed');
    }
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
        retryDelays: null,
        storeFingerprintForResuming: false,
        removeFingerprintOnSuccess: false,
        metadata: { [TUS_METADATA.seq]: String(row.seq), [TUS_METADATA.sha256]: row.sha256, [TUS_METADATA.filename]: path.basename(row.file) },
        headers: { authorization: `Bearer ${creds.token}` },
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
