import type { Heartbeat } from '../common/sync-api';
import type { CentralDb } from './db';
import { recordActivity } from './hearing-activity';

/** Keeps a station's last heartbeat (and its clock offset); a recording hearing counts as started and recorded. Returns central's time. */
export async function storeHeartbeat(db: CentralDb, stationId: string, hb: Heartbeat): Promise<number> {
  const serverTime = Date.now();
  const row = { station_id: stationId, received_at: new Date(serverTime).toISOString(), state: JSON.stringify(hb), clock_offset_ms: hb.clock - serverTime };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('station_state').values(row).onConflict((oc) => oc.column('station_id').doUpdateSet({ received_at: row.received_at, state: row.state, clock_offset_ms: row.clock_offset_ms })).execute();
    if (hb.hearingId && hb.recording) await recordActivity(trx as unknown as CentralDb, stationId, hb.hearingId, { startedAt: row.received_at, recorded: true });
  });
  return serverTime;
}
