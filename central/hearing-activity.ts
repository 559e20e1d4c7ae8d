import type { CentralDb } from './db';

// What central knows of each hearing a station held, for the Situation Center's flags: when
// it started and closed, and whether anything was recorded. Fed by typed protocol entries and
// by heartbeats; keyed by the hearing's central name (schedule id, else the hearing's uid).

export interface Activity {
  startedAt?: string;
  closedAt?: string;
  recorded?: boolean;
}

export async function recordActivity(db: CentralDb, stationId: string, hearingId: string, a: Activity): Promise<void> {
  const cur = await db.selectFrom('hearing_activity').selectAll().where('station_id', '=', stationId).where('hearing_id', '=', hearingId).executeTakeFirst();
  const startedAt = earliest(cur?.started_at ?? null, a.startedAt ?? null);
  const closedAt = a.closedAt ?? cur?.closed_at ?? null;
  const recorded = a.recorded || cur?.recorded === 1 ? 1 : 0;
  if (!cur) {
    await db.insertInto('hearing_activity').values({ station_id: stationId, hearing_id: hearingId, started_at: startedAt, closed_at: closedAt, recorded }).execute();
  } else if (startedAt !== cur.started_at || closedAt !== cur.closed_at || recorded !== cur.recorded) {
    await db.updateTable('hearing_activity').set({ started_at: startedAt, closed_at: closedAt, recorded }).where('station_id', '=', stationId).where('hearing_id', '=', hearingId).execute();
  }
}

function earliest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}
