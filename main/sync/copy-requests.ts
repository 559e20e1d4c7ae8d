import path from 'node:path';
import { copyRequestOfColumns, type CopyRequest, type CopyRequestColumns, type CopyRequestStatus } from '../../common/sync-api';
import type { Db } from '../db/database';

// Copy requests as the station keeps them: what central's feed said of each (its state and
// reason), the copy this station made for one and the four files queued to go up against it
// (copy-uploader.ts sends them). Other domains use these functions, never SQL on the tables.

export interface CopyFileRow {
  request_id: string;
  name: string;
  file: string;
  sha256: string | null;
  bytes: number | null;
  upload_url: string | null;
  attempts: number;
  last_error: string | null;
  confirmed_at: string | null;
}

interface RequestRow extends CopyRequestColumns {
  version: number;
  copy_id: string | null;
  fulfilled_at: string | null;
  fulfilled_by: string | null;
}

export interface StationCopyRequest extends CopyRequest {
  /** The copy this station made for it, and its files on their way to central. */
  delivery: {
    copyId: string;
    at: string;
    by: string;
    files: Array<{ name: string; sha256: string | null; bytes: number | null; confirmed: boolean; problem: string | null }>;
  } | null;
}

/** A file that will not go up as it is (changed since declared, gone) or a request closed meanwhile: not retried. */
export const SET_ASIDE = "(last_error LIKE 'corrupt:%' OR last_error LIKE 'missing:%' OR last_error LIKE 'closed:%')";
export const COPY_FILES_TODO = `confirmed_at IS NULL AND (last_error IS NULL OR NOT ${SET_ASIDE})`;

/** Inside the feed's transaction: central's newer word on a request wins; the local delivery stays. */
export function applyCopyRequests(db: Db, requests: CopyRequest[]): void {
  const up = db.prepare(`INSERT INTO sync_copy_requests (request_id, hearing_id, requester_name, requester_role, note, filed_at, state, reason, decided_at, version)
    VALUES (@requestId, @hearingId, @name, @role, @note, @filedAt, @state, @reason, @decidedAt, @version)
    ON CONFLICT (request_id) DO UPDATE SET hearing_id = excluded.hearing_id, requester_name = excluded.requester_name, requester_role = excluded.requester_role,
      note = excluded.note, state = excluded.state, reason = excluded.reason, decided_at = excluded.decided_at, version = excluded.version
    WHERE excluded.version >= sync_copy_requests.version`);
  for (const r of requests) up.run({ ...r, name: r.requester.name, role: r.requester.role });
}

/** What central answered about one request (after an upload): the same rule as the feed. */
export function noteCopyRequestStatus(db: Db, s: CopyRequestStatus): void {
  const { files: _f, ...r } = s;
  applyCopyRequests(db, [r]);
}

function toRequest(db: Db, r: RequestRow): StationCopyRequest {
  const files = db.prepare<[string], CopyFileRow>('SELECT * FROM sync_copy_files WHERE request_id = ? ORDER BY name').all(r.request_id);
  return {
    ...copyRequestOfColumns(r),
    delivery: r.copy_id
      ? {
          copyId: r.copy_id,
          at: r.fulfilled_at ?? '',
          by: r.fulfilled_by ?? '',
          files: files.map((f) => ({ name: f.name, sha256: f.sha256, bytes: f.bytes, confirmed: f.confirmed_at !== null, problem: f.last_error })),
        }
      : null,
  };
}

export function copyRequestById(db: Db, requestId: string): StationCopyRequest | undefined {
  const r = db.prepare<[string], RequestRow>('SELECT * FROM sync_copy_requests WHERE request_id = ?').get(requestId);
  return r ? toRequest(db, r) : undefined;
}

/** The requests on hearings central names so (oldest first); all still requested when no names are given. */
export function copyRequests(db: Db, hearingNames?: string[]): StationCopyRequest[] {
  const rows = hearingNames
    ? hearingNames.length
      ? db.prepare<string[], RequestRow>(`SELECT * FROM sync_copy_requests WHERE hearing_id IN (${hearingNames.map(() => '?').join(',')}) ORDER BY filed_at, request_id`).all(...hearingNames)
      : []
    : db.prepare<[], RequestRow>("SELECT * FROM sync_copy_requests WHERE state = 'requested' ORDER BY filed_at, request_id").all();
  return rows.map((r) => toRequest(db, r));
}

/** Every name central knows a local hearing by (its schedule id and its uid), from the hearing's own create event. */
export function centralNamesOf(db: Db, localHearingId: number): string[] {
  const row = db
    .prepare<[string], { ext: string | null; uid: string | null }>(
      "SELECT json_extract(payload, '$.external_id') AS ext, json_extract(payload, '$.uid') AS uid FROM outbox WHERE kind = 'protocol.hearing' AND ref = ? AND json_extract(payload, '$.op') = 'create' ORDER BY seq LIMIT 1",
    )
    .get(String(localHearingId));
  return [row?.ext, row?.uid].filter((x): x is string => !!x);
}

/** The local hearing central names so (schedule id or uid), from the outbox; null when this station holds none. */
export function localHearingOf(db: Db, centralName: string): number | null {
  const row = db
    .prepare<[string, string], { ref: string }>(
      "SELECT ref FROM outbox WHERE kind = 'protocol.hearing' AND json_extract(payload, '$.op') = 'create' AND (json_extract(payload, '$.external_id') = ? OR json_extract(payload, '$.uid') = ?) ORDER BY seq LIMIT 1",
    )
    .get(centralName, centralName);
  return row && /^\d+$/.test(row.ref) ? Number(row.ref) : null;
}

/**
 * Queues a copy's four files against a request, once: false when the request already has a copy
 * (or is gone). Their SHA-256 is declared when each upload begins (copy-uploader.ts).
 */
export function queueCopyDelivery(db: Db, dataDir: string, requestId: string, copy: { copyId: string; files: Array<{ name: string; path: string }> }, by: string, at = new Date().toISOString()): boolean {
  return db.transaction(() => {
    const r = db.prepare("UPDATE sync_copy_requests SET copy_id = ?, fulfilled_at = ?, fulfilled_by = ? WHERE request_id = ? AND copy_id IS NULL AND state = 'requested'").run(copy.copyId, at, by, requestId);
    if (r.changes === 0) return false;
    const add = db.prepare('INSERT INTO sync_copy_files (request_id, name, file) VALUES (?, ?, ?)');
    for (const f of copy.files) add.run(requestId, f.name, path.relative(dataDir, f.path).split(path.sep).join('/'));
    return true;
  })();
}

export function pendingCopyFiles(db: Db): CopyFileRow[] {
  return db.prepare<[], CopyFileRow>(`SELECT * FROM sync_copy_files WHERE ${COPY_FILES_TODO} ORDER BY request_id, name`).all();
}
