import { HeartbeatSchema, type StationOverview } from '../common/sync-api';
import type { CentralDb } from './db';
import { evidenceFlags } from './chain-anchors';

// The Situation Center's view: every station with its last heartbeat and its flags (late
// start, closed without recording, stale, clock drift, alarms), computed from typed records.

export const LATE_START_MS = 15 * 60_000;
export const STALE_AFTER_MS = 90_000;
export const CLOCK_DRIFT_MS = 5_000;

export async function stationOverview(db: CentralDb, now = Date.now()): Promise<StationOverview[]> {
  const stations = await db.selectFrom('stations').leftJoin('station_state', 'station_state.station_id', 'stations.station_id').selectAll('stations').select(['station_state.received_at', 'station_state.state', 'station_state.clock_offset_ms']).orderBy('stations.station_id').execute();
  const acts = await db
    .selectFrom('hearing_activity')
    .leftJoin('schedule', 'schedule.hearing_id', 'hearing_activity.hearing_id')
    .select(['hearing_activity.station_id', 'hearing_activity.hearing_id', 'hearing_activity.started_at', 'hearing_activity.closed_at', 'hearing_activity.recorded', 'schedule.starts_at'])
    .execute();
  const evidence = await evidenceFlags(db);
  const byStation = new Map<string, typeof acts>();
  for (const a of acts) (byStation.get(a.station_id) ?? byStation.set(a.station_id, []).get(a.station_id)!).push(a);
  return stations.map((s) => {
    // Stored as received, after HeartbeatSchema accepted it; read back through the same schema.
    const state = s.state ? HeartbeatSchema.parse(JSON.parse(s.state)) : null;
    const flags: StationOverview['flags'] = [];
    for (const a of byStation.get(s.station_id) ?? []) {
      if (a.started_at && a.starts_at && Date.parse(a.started_at) - Date.parse(a.starts_at) > LATE_START_MS) {
        flags.push({ kind: 'late-start', hearingId: a.hearing_id, detail: `started ${Math.round((Date.parse(a.started_at) - Date.parse(a.starts_at)) / 60_000)} min after ${a.starts_at}` });
      }
      if (a.closed_at && a.recorded !== 1) flags.push({ kind: 'closed-without-recording', hearingId: a.hearing_id, detail: `closed ${a.closed_at} with no recording` });
    }
    if (s.received_at && now - Date.parse(s.received_at) > STALE_AFTER_MS) flags.push({ kind: 'stale', hearingId: null, detail: `no heartbeat since ${s.received_at}` });
    if (s.clock_offset_ms != null && Math.abs(s.clock_offset_ms) > CLOCK_DRIFT_MS) flags.push({ kind: 'clock-drift', hearingId: null, detail: `clock off by ${Math.round(s.clock_offset_ms / 1000)} s` });
    for (const alarm of state?.alarms ?? []) flags.push({ kind: 'alarm', hearingId: state?.hearingId ?? null, detail: alarm });
    for (const f of evidence) if (f.station_id === s.station_id) flags.push({ kind: 'evidence', hearingId: null, detail: `${f.kind}: ${f.detail}` });
    return {
      stationId: s.station_id,
      court: s.court,
      courtroom: s.courtroom,
      enrolledAt: s.enrolled_at,
      revoked: s.revoked_at !== null,
      highestSeq: Number(s.highest_seq),
      lastSeenAt: s.received_at ?? null,
      state,
      flags,
    };
  });
}
