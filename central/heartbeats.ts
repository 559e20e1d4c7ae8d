import type { Heartbeat } from '../common/sync-api';
import type { CentralDb } from './db';
import { recordActivity } from './hearing-activity';

/** A recording span continues when the next recording heartbeat comes within this (a missed beat or two). */
export const SPAN_JOIN_MS = 95_000;

/**
 * Keeps a station's last heartbeat (and its clock offset); a recording hearing counts as started and recorded.
 * Also what the Situation Center needs over time: since when the backlog grows (it stops growing
 * when it shrinks or empties), when the room last recorded, and the spans it recorded. Returns central's time.
 */
export async function storeHeartbeat(db: CentralDb, stationId: string, hb: Heartbeat): Promise<number> {
  const serverTime = Date.now();
  const at = new Date(serverTime).toISOString();
  const row = { station_id: stationId, received_at: at, state: JSON.stringify(hb), clock_offset_ms: hb.clock - serverTime };
  const backlog = hb.backlog.events + hb.backlog.segments;
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('station_state').values(row).onConflict((oc) => oc.column('station_id').doUpdateSet({ received_at: row.received_at, state: row.state, clock_offset_ms: row.clock_offset_ms })).execute();
    if (hb.hearingId && hb.recording) await recordActivity(trx as unknown as CentralDb, stationId, hb.hearingId, { startedAt: row.received_at, recorded: true });

    const trend = await trx.selectFrom('station_trend').selectAll().where('station_id', '=', stationId).executeTakeFirst();
    const prev = trend ? Number(trend.backlog) : 0;
    const growingSince = backlog === 0 || backlog < prev ? null : backlog > prev ? (trend?.backlog_growing_since ?? at) : (trend?.backlog_growing_since ?? null);
    const lastRecordingAt = hb.recording ? at : (trend?.last_recording_at ?? null);
    const next = { backlog, backlog_growing_since: growingSince, last_recording_at: lastRecordingAt };
    if (!trend) await trx.insertInto('station_trend').values({ station_id: stationId, ...next }).execute();
    else if (prev !== backlog || trend.backlog_growing_since !== growingSince || trend.last_recording_at !== lastRecordingAt) await trx.updateTable('station_trend').set(next).where('station_id', '=', stationId).execute();

    if (!hb.recording) return;
    const span = await trx.selectFrom('recording_spans').select(['id', 'last_at', 'hearing_id']).where('station_id', '=', stationId).orderBy('last_at', 'desc').limit(1).executeTakeFirst();
    if (span && span.hearing_id === hb.hearingId && serverTime - Date.parse(span.last_at) <= SPAN_JOIN_MS) {
      await trx.updateTable('recording_spans').set({ last_at: at }).where('id', '=', span.id).execute();
    } else {
      await trx.insertInto('recording_spans').values({ station_id: stationId, hearing_id: hb.hearingId, started_at: at, last_at: at }).execute();
    }
  });
  return serverTime;
}
