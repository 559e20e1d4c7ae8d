import type { CentralDb } from './db';
import { nowIso } from './errors';

// Central's bookkeeping of announced segments: declared by their event, then verified (hash
// checked after the last byte landed) or rejected. A verified segment never changes again.

export class SegmentBook {
  constructor(private readonly db: CentralDb) {}

  async segment(stationId: string, seq: number) {
    return this.db.selectFrom('segments').selectAll().where('station_id', '=', stationId).where('seq', '=', seq).executeTakeFirst();
  }

  /** The calling station's segment that this upload belongs to, if it is the station's at all. */
  async segmentOfUpload(stationId: string, uploadId: string): Promise<{ seq: number; status: string } | undefined> {
    const r = await this.db.selectFrom('segments').select(['seq', 'status']).where('station_id', '=', stationId).where('upload_id', '=', uploadId).executeTakeFirst();
    return r ? { seq: Number(r.seq), status: r.status } : undefined;
  }

  async setSegmentUpload(stationId: string, seq: number, uploadId: string): Promise<void> {
    await this.db.updateTable('segments').set({ upload_id: uploadId, status: 'declared' }).where('station_id', '=', stationId).where('seq', '=', seq).where('status', '!=', 'verified').execute();
  }

  async markSegment(stationId: string, seq: number, status: 'verified' | 'rejected', uploadId: string | null): Promise<void> {
    await this.db
      .updateTable('segments')
      .set({ status, upload_id: uploadId, verified_at: status === 'verified' ? nowIso() : null })
      .where('station_id', '=', stationId)
      .where('seq', '=', seq)
      .where('status', '!=', 'verified')
      .execute();
  }

  async segments(stationId: string) {
    const rows = await this.db.selectFrom('segments').selectAll().where('station_id', '=', stationId).orderBy('seq').execute();
    return rows.map((r) => ({ seq: Number(r.seq), sessionId: r.session_id, track: r.track, file: r.file, sha256: r.sha256, bytes: Number(r.bytes), status: r.status, uploadId: r.upload_id, verifiedAt: r.verified_at }));
  }
}
