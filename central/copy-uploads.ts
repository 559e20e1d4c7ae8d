import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Server } from '@tus/server';
import { COPY_FILES, COPY_TUS_METADATA, COPY_TUS_PATH } from '../common/sync-api';
import { checkReceipt } from './copy-verify';
import type { CopyRequests } from './copy-requests';
import type { CentralDb } from './schema';
import { CentralError, nowIso } from './errors';
import type { CentralStore } from './store';
import { hashUpload, uploadStore, type S3Options } from './tus';

// The four files of a participants' copy, uploaded by tus (resumable) against a copy request
// (COPY_TUS_PATH; Upload-Metadata: request, file, sha256). Only the station of the request's
// courtroom may upload, only while the request is open, only the four names, each once. The
// upload declares the file's SHA-256 and size; when its last byte lands central hashes what it
// holds and keeps the file only if it matches. When all four are in, the receipt is checked
// (copy-verify.ts) and the request is marked delivered or rejected, with the reason.

export interface CopyUploads {
  server: Server;
  /** A finished upload whose answer was lost (central stopped in between): check it now. */
  settle(requestId: string): Promise<void>;
  read(uploadId: string): Promise<Readable>;
  /** A small upload's whole content (the receipt, its signature). */
  bytes(uploadId: string): Promise<Buffer>;
}

type TusError = { status_code: number; body: string };
const fail = (e: CentralError): TusError => ({ status_code: e.status, body: JSON.stringify({ error: e.code, message: e.message }) + '\n' });
const wrap = async <T>(f: () => Promise<T>): Promise<T> => {
  try {
    return await f();
  } catch (e) {
    throw e instanceof CentralError ? fail(e) : e;
  }
};

export async function createCopyUploads(opts: { dataDir: string; s3?: S3Options; db: CentralDb; store: CentralStore; requests: CopyRequests; maxSize: number; log: (l: 'info' | 'warn' | 'error', m: string, x?: unknown) => void }): Promise<CopyUploads> {
  const { db, store, requests } = opts;
  // With S3 the copies share the segments' bucket (ids start with copy-); else their own folder.
  const { datastore, read: readUpload } = await uploadStore(path.join(opts.dataDir, 'copy-uploads'), opts.s3);
  const stationFrom = (req: { headers: Headers }) => store.authenticate(req.headers.get('authorization'));
  const bytesOf = async (id: string): Promise<Buffer> => {
    const parts: Buffer[] = [];
    for await (const c of await readUpload(id)) parts.push(c as Buffer);
    return Buffer.concat(parts);
  };
  const hashOf = (id: string) => hashUpload(readUpload, id);

  /** All four in: the receipt decides delivered or rejected. */
  const complete = async (requestId: string): Promise<void> => {
    const r = await requests.row(requestId);
    if (!r || r.state !== 'requested' || !r.station_id) return;
    const files = await requests.received(requestId);
    if (!COPY_FILES.every((n) => files.some((f) => f.name === n))) return;
    const by = new Map(files.map((f) => [f.name as string, f]));
    const check = await checkReceipt(db, {
      stationId: r.station_id,
      hearingId: r.hearing_id,
      receipt: await bytesOf(by.get('receipt.json')!.uploadId),
      signature: await bytesOf(by.get('receipt.sig')!.uploadId),
      stored: new Map(files.map((f) => [f.name, { sha256: f.sha256, bytes: f.bytes }])),
    });
    await requests.decide(requestId, check.problem ? 'rejected' : 'delivered', check.problem ?? '', check);
    if (check.problem) opts.log('warn', 'copy request rejected', { requestId, problem: check.problem });
  };

  /** The upload's bytes against what it declared: kept and counted, or dropped with a 422. */
  const finish = async (uploadId: string): Promise<void> => {
    const f = await db.selectFrom('copy_files').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();
    if (!f) throw new CentralError(409, 'copy_closed', 'the upload belongs to no copy request');
    if (f.status === 'received') return complete(f.request_id);
    const got = await hashOf(uploadId);
    if (got.sha256 !== f.sha256 || got.bytes !== Number(f.bytes)) {
      await db.deleteFrom('copy_files').where('upload_id', '=', uploadId).where('status', '=', 'declared').execute();
      await datastore.remove(uploadId).catch(() => undefined);
      opts.log('warn', 'copy file refused: hash mismatch', { requestId: f.request_id, file: f.name, declared: f.sha256, got: got.sha256 });
      throw new CentralError(422, 'hash_mismatch', `${f.name}: received SHA-256 ${got.sha256} (${got.bytes} bytes) differs from the declared ${f.sha256} (${Number(f.bytes)} bytes)`);
    }
    await db.updateTable('copy_files').set({ status: 'received', received_at: nowIso() }).where('upload_id', '=', uploadId).execute();
    await complete(f.request_id);
  };

  const server = new Server({
    path: COPY_TUS_PATH.replace(/\/$/, ''),
    datastore,
    maxSize: opts.maxSize,
    respectForwardedHeaders: false,
    relativeLocation: true,
    disableTerminationForFinishedUploads: true,
    namingFunction: async () => `copy-${randomBytes(12).toString('hex')}`,
    onIncomingRequest: async (req, uploadId) =>
      wrap(async () => {
        const station = await stationFrom(req);
        if (req.method === 'POST' || req.method === 'OPTIONS' || !uploadId) return;
        // A copy is fetched from the admin API only, never back through its upload.
        if (req.method === 'GET') throw new CentralError(403, 'forbidden', 'copies are not served here');
        const owned = await db.selectFrom('copy_files').select(['name']).where('upload_id', '=', uploadId).where('station_id', '=', station).executeTakeFirst();
        if (!owned) throw new CentralError(404, 'not_found', 'no such upload');
      }),
    onUploadCreate: async (req, upload) =>
      wrap(async () => {
        const station = await stationFrom(req);
        const md = upload.metadata ?? {};
        const requestId = md[COPY_TUS_METADATA.request] ?? '';
        const name = md[COPY_TUS_METADATA.file] ?? '';
        const sha256 = md[COPY_TUS_METADATA.sha256] ?? '';
        if (!(COPY_FILES as readonly string[]).includes(name)) throw new CentralError(400, 'bad_request', `Upload-Metadata file must be one of ${COPY_FILES.join(', ')}`);
        if (!/^[0-9a-f]{64}$/.test(sha256)) throw new CentralError(400, 'bad_request', 'Upload-Metadata sha256 missing');
        if (upload.size === undefined) throw new CentralError(400, 'bad_request', 'Upload-Length is required');
        const r = await requests.ofStation(station, requestId);
        if (r.state !== 'requested') throw new CentralError(409, 'copy_closed', `copy request ${requestId} is ${r.state}`);
        if (r.station_id && r.station_id !== station) throw new CentralError(409, 'copy_closed', `copy request ${requestId} is being delivered by another station`);
        const held = await db.selectFrom('copy_files').select(['status']).where('request_id', '=', requestId).where('name', '=', name).executeTakeFirst();
        if (held?.status === 'received') throw new CentralError(409, 'copy_closed', `${name} of copy request ${requestId} is already in`);
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('copy_requests').set({ station_id: station }).where('request_id', '=', requestId).where('station_id', 'is', null).execute();
          await trx.deleteFrom('copy_files').where('request_id', '=', requestId).where('name', '=', name).execute();
          await trx.insertInto('copy_files').values({ request_id: requestId, name, station_id: station, sha256, bytes: upload.size!, upload_id: upload.id, status: 'declared', received_at: null }).execute();
        });
        return { metadata: upload.metadata };
      }),
    onUploadFinish: async (req, upload) =>
      wrap(async () => {
        await stationFrom(req);
        await finish(upload.id);
        return {};
      }),
    onResponseError: (_req, err) => {
      if (err instanceof Error) opts.log('error', 'copy upload request failed', { err: err.stack });
      return undefined;
    },
  });

  return {
    server,
    read: readUpload,
    bytes: bytesOf,
    async settle(requestId) {
      const declared = await db.selectFrom('copy_files').select(['upload_id']).where('request_id', '=', requestId).where('status', '=', 'declared').execute();
      for (const d of declared) {
        const up = await datastore.getUpload(d.upload_id).catch(() => null);
        if (!up || up.size === undefined || up.offset !== up.size) continue;
        await finish(d.upload_id).catch((e) => {
          if (!(e instanceof CentralError)) throw e;
        });
      }
      await complete(requestId);
    },
  };
}
