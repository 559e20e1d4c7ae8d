import type { SyncPayload } from '../common/sync-api';
import type { CentralDb } from './schema';

// A station's access audit row, kept at central as the station wrote it: who, which role, which
// door, what, the outcome. Central only ever inserts (a retry of the event is a duplicate and
// never reaches here).
export async function recordAudit(db: CentralDb, stationId: string, p: SyncPayload<'audit.entry'>): Promise<void> {
  await db
    .insertInto('station_audit')
    .values({
      station_id: stationId,
      local_id: p.id,
      at: p.at,
      person_id: p.personId,
      person_name: p.personName,
      role: p.role,
      call: p.call,
      door: p.door,
      hearing_local_id: p.hearingId,
      target: JSON.stringify(p.target),
      outcome: p.outcome,
    })
    .execute();
}
