import type { SyncPayload } from '../common/sync-api';
import type { CentralDb } from './schema';

// A station's room test (room.test events), kept for the Situation Center's "room not ready" flag.
export async function recordRoomTest(db: CentralDb, stationId: string, p: SyncPayload<'room.test'>): Promise<void> {
  await db
    .insertInto('room_tests')
    .values({ station_id: stationId, test_id: p.id, at: p.at, ready: p.ready ? 1 : 0, reasons: JSON.stringify(p.reasons), hearing_id: p.hearingId })
    .onConflict((oc) => oc.columns(['station_id', 'test_id']).doNothing())
    .execute();
}
