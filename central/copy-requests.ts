import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { copyRequestOfColumns, ReceiptCheckSchema, type AdminCopyRequestSchema, type AdminCopyRequestView, type CopyRequest, type CopyRequestStatus } from '../common/sync-api';
import { nextVersion, type CentralDb } from './db';
import { CentralError, nowIso } from './errors';
import { copyRequestOfRoom, type Room } from './copy-scope';
import type { CopyRequestsTable } from './schema';

// Copy requests: a party asks for a copy of a hearing's recording (the e-filing cabinet files it
// through the admin API); the station of the hearing's courtroom receives it in its feed, makes
// the copy and uploads its four files (copy-uploads.ts); central checks them (copy-verify.ts) and
// marks the request delivered or rejected. Every change bumps the feed's version counter in its
// own transaction, as remarks do, so the station's cursor sees the new state too.

type Row = CopyRequestsTable;

export class CopyRequests {
  constructor(private readonly db: CentralDb) {}

  /** A hearing central knows: on its schedule, or reported by a station (header or activity). */
  private async hearingKnown(hearingId: string): Promise<boolean> {
    const db = this.db;
    const hit =
      (await db.selectFrom('schedule').select('hearing_id').where('hearing_id', '=', hearingId).executeTakeFirst()) ??
      (await db.selectFrom('protocol_hearings').select('hearing_uid').where((eb) => eb.or([eb('hearing_uid', '=', hearingId), eb('external_id', '=', hearingId)])).executeTakeFirst()) ??
      (await db.selectFrom('hearing_activity').select('hearing_id').where('hearing_id', '=', hearingId).executeTakeFirst());
    return hit !== undefined;
  }

  async file(r: z.output<typeof AdminCopyRequestSchema>): Promise<CopyRequest> {
    if (!(await this.hearingKnown(r.hearingId))) throw new CentralError(404, 'not_found', `no hearing ${r.hearingId} in the schedule or reported by a station`);
    const id = r.requestId ?? randomUUID();
    if (await this.row(id)) throw new CentralError(409, 'bad_request', `copy request ${id} exists`);
    return this.db.transaction().execute(async (trx) => {
      const version = await nextVersion(trx as unknown as CentralDb);
      const row: Row = { request_id: id, hearing_id: r.hearingId, requester_name: r.requester.name, requester_role: r.requester.role, note: r.note, filed_at: nowIso(), state: 'requested', reason: '', decided_at: null, station_id: null, receipt_check: null, version };
      await trx.insertInto('copy_requests').values(row).execute();
      return copyRequestOfColumns(row);
    });
  }

  row(requestId: string): Promise<Row | undefined> {
    return this.db.selectFrom('copy_requests').selectAll().where('request_id', '=', requestId).executeTakeFirst();
  }

  async room(stationId: string): Promise<Room> {
    const st = await this.db.selectFrom('stations').select(['court', 'courtroom']).where('station_id', '=', stationId).executeTakeFirstOrThrow();
    return { stationId, court: st.court, courtroom: st.courtroom };
  }

  /** The request, when it is one of the station's courtroom; else the same 404 as for no request at all. */
  async ofStation(stationId: string, requestId: string): Promise<Row> {
    const room = await this.room(stationId);
    const r = await this.db.selectFrom('copy_requests').selectAll().where('request_id', '=', requestId).where((eb) => copyRequestOfRoom(eb, room)).executeTakeFirst();
    if (!r) throw new CentralError(404, 'not_found', 'no such copy request');
    return r;
  }

  /** Requests of the station's courtroom changed in (since, cursor]. */
  async feed(stationId: string, since: number, cursor: number): Promise<CopyRequest[]> {
    const room = await this.room(stationId);
    const rows = await this.db
      .selectFrom('copy_requests')
      .selectAll()
      .where('version', '>', since)
      .where('version', '<=', cursor)
      .where((eb) => copyRequestOfRoom(eb, room))
      .orderBy('version')
      .execute();
    return rows.map(copyRequestOfColumns);
  }

  async received(requestId: string) {
    const rows = await this.db.selectFrom('copy_files').selectAll().where('request_id', '=', requestId).where('status', '=', 'received').orderBy('name').execute();
    return rows.map((f) => ({ name: f.name as CopyRequestStatus['files'][number]['name'], sha256: f.sha256, bytes: Number(f.bytes), receivedAt: f.received_at ?? '', uploadId: f.upload_id, stationId: f.station_id }));
  }

  async status(stationId: string, requestId: string): Promise<CopyRequestStatus> {
    const r = await this.ofStation(stationId, requestId);
    const files = (await this.received(requestId)).filter((f) => f.stationId === stationId);
    return { ...copyRequestOfColumns(r), files: files.map(({ name, sha256, bytes, receivedAt }) => ({ name, sha256, bytes, receivedAt })) };
  }

  async view(requestId: string, sealedSince: AdminCopyRequestView['sealedSince']): Promise<AdminCopyRequestView> {
    const r = await this.row(requestId);
    if (!r) throw new CentralError(404, 'not_found', 'no such copy request');
    const files = await this.received(requestId);
    return {
      ...copyRequestOfColumns(r),
      files: files.map(({ name, sha256, bytes, receivedAt }) => ({ name, sha256, bytes, receivedAt })),
      stationId: r.station_id,
      receipt: r.receipt_check ? ReceiptCheckSchema.parse(JSON.parse(r.receipt_check)) : null,
      sealedSince,
    };
  }

  /** Delivered or rejected, once: a closed request never changes again. */
  async decide(requestId: string, state: 'delivered' | 'rejected', reason: string, check: unknown): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const version = await nextVersion(trx as unknown as CentralDb);
      await trx
        .updateTable('copy_requests')
        .set({ state, reason, decided_at: nowIso(), receipt_check: JSON.stringify(check), version })
        .where('request_id', '=', requestId)
        .where('state', '=', 'requested')
        .execute();
    });
  }
}
