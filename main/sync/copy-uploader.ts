import fs from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { HattamaError, isHattamaError } from '../../common/errors';
import { COPY_TUS_METADATA, COPY_TUS_PATH, type CopyRequestStatus } from '../../common/sync-api';
import type { Db } from '../db/database';
import { hashFile } from '../fs/hash-file';
import type { CentralClient } from './client';
import { COPY_FILES_TODO, noteCopyRequestStatus, pendingCopyFiles, type CopyFileRow } from './copy-requests';
import type { Credentials } from './enrollment';
import { tusHttpStack } from './tls-trust';
import type { WorkerLog, WorkerStats } from './worker-types';

// Uploads the four files of a participants' copy against its request, by tus, as segments go up:
// the upload URL is saved the moment central assigns it, so an interrupted upload resumes from
// central's offset, even after a restart. A file's SHA-256 is declared (Upload-Metadata) when its
// upload begins and saved; a file that no longer has it when the upload resumes, or is gone, is
// set aside (`corrupt:`/`missing:`), as is every file of a request central closed meanwhile
// (`closed:`). Central counts a file in only when its bytes hash to the declaration, and decides
// the request when all four are in; what it says comes back here (and in the feed).

export const HAS_COPY_FILES = `SELECT 1 FROM sync_copy_files WHERE ${COPY_FILES_TODO} LIMIT 1`;

export interface CopyUploadContext {
  db: Db;
  dataDir: string;
  client: CentralClient;
  creds: Credentials;
  chunkSize: number;
  stats: WorkerStats;
  log?: WorkerLog;
}

export class CopyUploader {
  private active: tus.Upload | null = null;

  constructor(private readonly c: CopyUploadContext) {}

  async uploadAll(): Promise<void> {
    const byRequest = new Map<string, CopyFileRow[]>();
    for (const f of pendingCopyFiles(this.c.db)) byRequest.set(f.request_id, [...(byRequest.get(f.request_id) ?? []), f]);
    for (const [requestId, files] of byRequest) {
      const status = await this.status(requestId);
      if (!status) continue;
      const todo = files.filter((f) => !this.held(status, f));
      for (const f of files) if (this.held(status, f)) this.confirm(f);
      if (status.state !== 'requested') {
        this.closeAll(requestId, `closed: the request is ${status.state}${status.reason ? ` (${status.reason})` : ''}`);
        continue;
      }
      for (const f of todo) await this.uploadOne(f);
      // Central decides when the last one lands: what it holds now is confirmed, whatever it decided.
      const after = await this.status(requestId);
      if (after) for (const f of files) if (this.held(after, f)) this.confirm(f);
    }
  }

  async abort(): Promise<void> {
    const up = this.active;
    if (up) await up.abort(false).catch(() => undefined);
  }

  /** Central's state of the request (kept locally); null when central knows none of this courtroom (its files are set aside). */
  private async status(requestId: string): Promise<CopyRequestStatus | null> {
    let s: CopyRequestStatus;
    try {
      s = await this.c.client.copyRequestStatus(requestId);
    } catch (e) {
      if (isHattamaError(e) && e.params.status === 404) {
        this.closeAll(requestId, 'closed: central knows no such request of this courtroom');
        return null;
      }
      throw e;
    }
    noteCopyRequestStatus(this.c.db, s);
    return s;
  }

  private held(s: CopyRequestStatus, f: CopyFileRow): boolean {
    return f.sha256 !== null && s.files.some((x) => x.name === f.name && x.sha256 === f.sha256);
  }

  private closeAll(requestId: string, why: string): void {
    this.c.db.prepare(`UPDATE sync_copy_files SET last_error = ?, upload_url = NULL WHERE request_id = ? AND ${COPY_FILES_TODO}`).run(why.slice(0, 500), requestId);
  }

  private setAside(f: CopyFileRow, problem: string): void {
    this.c.db.prepare('UPDATE sync_copy_files SET last_error = ?, upload_url = NULL WHERE request_id = ? AND name = ?').run(problem.slice(0, 500), f.request_id, f.name);
    this.c.log?.warn({ requestId: f.request_id, file: f.file, problem }, 'copy file set aside: it cannot be uploaded as it was declared');
  }

  private confirm(f: CopyFileRow): void {
    this.c.db.prepare('UPDATE sync_copy_files SET confirmed_at = ?, last_error = NULL WHERE request_id = ? AND name = ? AND confirmed_at IS NULL').run(new Date().toISOString(), f.request_id, f.name);
  }

  private async uploadOne(f: CopyFileRow): Promise<void> {
    const { db } = this.c;
    const abs = path.resolve(this.c.dataDir, f.file);
    if (!fs.existsSync(abs)) return this.setAside(f, `missing: ${f.file}`);
    const now = await hashFile(abs);
    if (f.sha256 === null) {
      // The declaration: what central will hold the bytes to.
      db.prepare('UPDATE sync_copy_files SET sha256 = ?, bytes = ? WHERE request_id = ? AND name = ?').run(now.sha256, now.bytes, f.request_id, f.name);
      f = { ...f, sha256: now.sha256, bytes: now.bytes };
    } else if (now.sha256 !== f.sha256 || now.bytes !== f.bytes) {
      return this.setAside(f, `corrupt: ${f.file} has hash ${now.sha256}, declared ${f.sha256}`);
    }
    try {
      await this.tusUpload(f, abs);
    } catch (e) {
      const st = (e as { originalResponse?: { getStatus(): number; getBody(): string } | null }).originalResponse;
      const code = st?.getStatus() ?? 0;
      const body = (st?.getBody() ?? '').slice(0, 300);
      if (code >= 400 && code < 500) db.prepare('UPDATE sync_copy_files SET upload_url = NULL WHERE request_id = ? AND name = ?').run(f.request_id, f.name);
      db.prepare('UPDATE sync_copy_files SET attempts = attempts + 1, last_error = ? WHERE request_id = ? AND name = ?').run(String((e as Error).message).slice(0, 500), f.request_id, f.name);
      if (code === 401) throw new HattamaError('sync.unauthorized', { detail: 'copy upload refused' });
      if (code === 404 || code === 409) return this.setAside(f, `closed: ${body}`);
      if (code === 422) {
        const again = await hashFile(abs).catch(() => null);
        if (!again || again.sha256 !== f.sha256) return this.setAside(f, `corrupt: ${f.file} changed while it was sent`);
      }
      if (code >= 400) throw new HattamaError('sync.rejected', { status: code, detail: body });
      throw new HattamaError('sync.unreachable', { detail: `upload of ${f.name} for copy request ${f.request_id}: ${(e as Error).message.split('\n')[0]}` }, undefined, { cause: e });
    }
  }

  private tusUpload(f: CopyFileRow, abs: string): Promise<void> {
    const { db, stats, creds } = this.c;
    stats.uploadAttempts++;
    return new Promise<void>((resolve, reject) => {
      const stream = fs.createReadStream(abs);
      const settle = () => {
        stream.destroy();
        this.active = null;
      };
      const upload = new tus.Upload(stream, {
        endpoint: new URL(COPY_TUS_PATH, creds.centralUrl).href,
        uploadUrl: f.upload_url,
        uploadSize: f.bytes!,
        chunkSize: this.c.chunkSize,
        retryDelays: null,
        storeFingerprintForResuming: false,
        removeFingerprintOnSuccess: false,
        metadata: { [COPY_TUS_METADATA.request]: f.request_id, [COPY_TUS_METADATA.file]: f.name, [COPY_TUS_METADATA.sha256]: f.sha256! },
        headers: { authorization: `Bearer ${creds.token}` },
        ...(creds.ca ? { httpStack: tusHttpStack(creds.ca) } : {}),
        onUploadUrlAvailable: () => {
          db.prepare('UPDATE sync_copy_files SET upload_url = ? WHERE request_id = ? AND name = ?').run(upload.url, f.request_id, f.name);
        },
        onChunkComplete: (size) => {
          stats.bytesSent += size;
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
