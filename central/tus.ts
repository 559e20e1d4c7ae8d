import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import type { DataStore } from '@tus/utils';
import { TUS_METADATA, TUS_PATH } from '../common/sync-api';
import { CentralError, type CentralStore } from './store';

// Segment uploads: tus (resumable), to disk by default or to an S3-compatible bucket. An upload
// is created only for a segment its station already announced through /v1/events (which
// carries the declared SHA-256 and size); when the last byte lands, central hashes what it
// holds and accepts the segment only if the hash matches.

export interface S3Options {
  bucket: string;
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
  partSize?: number;
}

export interface Tus {
  server: Server;
  verifyIfComplete(stationId: string, seq: number, uploadId: string): Promise<void>;
  /** Where a file-store upload lives on disk (null for S3). */
  localPath(uploadId: string): string | null;
}

type TusError = { status_code: number; body: string };
const fail = (e: CentralError): TusError => ({ status_code: e.status, body: JSON.stringify({ error: e.code, message: e.message }) + '\n' });

export async function createTus(opts: { dataDir: string; s3?: S3Options; store: CentralStore; maxSize: number; log: (l: 'info' | 'warn' | 'error', m: string, x?: unknown) => void }): Promise<Tus> {
  const dir = path.join(opts.dataDir, 'uploads');
  const { datastore, read: readUpload } = await uploadStore(dir, opts.s3);
  const { store } = opts;

  const stationFrom = async (req: { headers: Headers }): Promise<string> => {
    try {
      return await store.authenticate(req.headers.get('authorization'));
    } catch (e) {
      throw e instanceof CentralError ? fail(e) : e;
    }
  };

  const hashOf = (id: string) => hashUpload(readUpload, id);

  /** Hashes the finished upload; marks the segment verified or rejected (and drops a bad copy). */
  const verify = async (stationId: string, seq: number, uploadId: string): Promise<void> => {
    const seg = await store.segment(stationId, seq);
    if (!seg) throw new CentralError(409, 'unknown_segment', `segment ${seq} was never announced`);
    if (seg.status === 'verified') return;
    const got = await hashOf(uploadId);
    if (got.sha256 === seg.sha256 && got.bytes === Number(seg.bytes)) {
      await store.markSegment(stationId, seq, 'verified', uploadId);
      return;
    }
    await store.markSegment(stationId, seq, 'rejected', null);
    await datastore.remove(uploadId).catch(() => undefined);
    opts.log('warn', 'segment rejected: hash mismatch', { stationId, seq, declared: seg.sha256, got: got.sha256 });
    throw new CentralError(422, 'hash_mismatch', `segment ${seq}: received SHA-256 ${got.sha256} differs from the declared ${seg.sha256}`);
  };

  const server = new Server({
    path: TUS_PATH.replace(/\/$/, ''),
    datastore,
    maxSize: opts.maxSize,
    respectForwardedHeaders: false,
    relativeLocation: true,
    // A verified object is evidence: its upload can no longer be terminated (DELETE).
    disableTerminationForFinishedUploads: true,
    // The id is readable (station, seq) but grants nothing: ownership is the segment's own
    // station_id column, matched exactly (segments.upload_id), never a prefix of the id.
    namingFunction: async (req, metadata) => {
      const station = await stationFrom(req);
      const seq = Number(metadata?.[TUS_METADATA.seq]);
      return `${station}-${Number.isInteger(seq) ? seq : 0}-${randomBytes(8).toString('hex')}`;
    },
    onIncomingRequest: async (req, uploadId) => {
      const station = await stationFrom(req);
      if (req.method === 'POST' || req.method === 'OPTIONS' || !uploadId) return;
      const owned = await store.segmentBook.segmentOfUpload(station, uploadId);
      if (!owned) throw fail(new CentralError(404, 'not_found', 'no such upload'));
      if (req.method === 'DELETE' && owned.status === 'verified') throw fail(new CentralError(403, 'immutable', `segment ${owned.seq} is verified: its object cannot be removed`));
    },
    onUploadCreate: async (req, upload) => {
      const station = await stationFrom(req);
      const seq = Number(upload.metadata?.[TUS_METADATA.seq]);
      const declared = upload.metadata?.[TUS_METADATA.sha256];
      if (!Number.isInteger(seq) || seq < 1) throw fail(new CentralError(400, 'bad_request', 'Upload-Metadata seq missing'));
      const seg = await store.segment(station, seq);
      if (!seg) throw fail(new CentralError(409, 'unknown_segment', `segment ${seq} was never announced; push its event first`));
      if (seg.status === 'verified') throw fail(new CentralError(409, 'bad_request', `segment ${seq} is already verified`));
      if (declared !== seg.sha256) throw fail(new CentralError(422, 'hash_mismatch', `segment ${seq}: upload declares ${declared}, the event declared ${seg.sha256}`));
      if (upload.size !== undefined && upload.size !== Number(seg.bytes)) throw fail(new CentralError(422, 'size_mismatch', `segment ${seq}: upload is ${upload.size} bytes, the event declared ${seg.bytes}`));
      await store.setSegmentUpload(station, seq, upload.id);
      return { metadata: upload.metadata };
    },
    onUploadFinish: async (req, upload) => {
      const station = await stationFrom(req);
      const seq = Number(upload.metadata?.[TUS_METADATA.seq]);
      try {
        await verify(station, seq, upload.id);
      } catch (e) {
        throw e instanceof CentralError ? fail(e) : e;
      }
      return {};
    },
    onResponseError: (_req, err) => {
      if (err instanceof Error) opts.log('error', 'tus request failed', { err: err.stack });
      return undefined;
    },
  });

  return {
    server,
    localPath: (id) => (opts.s3 ? null : path.join(dir, id)),
    async verifyIfComplete(stationId, seq, uploadId) {
      let up;
      try {
        up = await datastore.getUpload(uploadId);
      } catch {
        return; // gone: the station will start a new upload
      }
      if (up.size !== undefined && up.offset === up.size) {
        await verify(stationId, seq, uploadId).catch((e) => {
          if (!(e instanceof CentralError)) throw e;
        });
      }
    },
  };
}

/** Where uploads are kept: the S3 bucket when one is configured, else files in `dir`; and how to read one back. */
export async function uploadStore(dir: string, s3?: S3Options): Promise<{ datastore: DataStore; read(id: string): Promise<Readable> }> {
  if (s3) {
    const datastore = await s3Store(s3);
    return { datastore, read: (id) => (datastore as unknown as { read(id: string): Promise<Readable> }).read(id) };
  }
  fs.mkdirSync(dir, { recursive: true });
  const fileStore = new FileStore({ directory: dir });
  return { datastore: fileStore, read: async (id) => fileStore.read(id) };
}

/** SHA-256 and size of what an upload holds, as central stored it. */
export async function hashUpload(read: (id: string) => Promise<Readable>, id: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of await read(id)) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}

async function s3Store(o: S3Options): Promise<DataStore> {
  // Loaded lazily: the AWS SDK is heavy and only S3 deployments need it.
  const { S3Store } = await import('@tus/s3-store');
  class CentralS3Store extends S3Store {
    // S3Store.remove aborts the multipart upload first and gives up when that upload is already
    // completed (NoSuchUpload), which it is once the last byte landed: a rejected segment's
    // object would stay in the bucket. Delete the object and its .info then.
    override async remove(id: string): Promise<void> {
      try {
        return await super.remove(id);
      } catch (e) {
        if ((e as { status_code?: number }).status_code !== 404) throw e;
      }
      await this.client.deleteObjects({ Bucket: this.bucket, Delete: { Objects: [{ Key: id }, { Key: this.infoKey(id) }] } });
      await this.clearCache(id);
    }
  }
  return new CentralS3Store({
    partSize: o.partSize ?? 8 * 1024 * 1024,
    s3ClientConfig: {
      bucket: o.bucket,
      region: o.region ?? 'us-east-1',
      ...(o.endpoint ? { endpoint: o.endpoint } : {}),
      forcePathStyle: o.forcePathStyle ?? true,
      // The SDK's default checksums send streamed parts aws-chunked with a trailer and no
      // Content-Length; Ceph's gateway (16.x) and other S3-compatible stores refuse that
      // (MissingContentLength). Central hashes every segment itself (verify above).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(o.accessKeyId && o.secretAccessKey ? { credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } } : {}),
    },
  });
}
