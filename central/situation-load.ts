import { HeartbeatSchema, type Heartbeat } from '../common/sync-api';
import type { CentralDb } from './schema';
import type { EvidenceInput, OpenHearing, RoomInput, RoomTestInput, ScheduledHearing } from './situation-rules';

// What the Situation Center reads, in a fixed handful of queries whatever the number of rooms:
// the stations and their last heartbeat, open hearings, the schedule around today and whether
// each was opened, recent room tests, evidence flags, the courts' regions.

const OPEN_STATUSES = ['in_progress', 'recess', 'deliberation'];
const DAY = 86_400_000;

export async function loadRooms(db: CentralDb, now: number): Promise<RoomInput[]> {
  const stations = await db
    .selectFrom('stations')
    .leftJoin('station_state', 'station_state.station_id', 'stations.station_id')
    .leftJoin('station_trend', 'station_trend.station_id', 'stations.station_id')
    .select(['stations.station_id', 'stations.court', 'stations.courtroom', 'stations.enrolled_at', 'station_state.received_at', 'station_state.state', 'station_state.clock_offset_ms', 'station_trend.backlog_growing_since', 'station_trend.last_recording_at'])
    .where('stations.revoked_at', 'is', null)
    .orderBy('stations.court')
    .orderBy('stations.courtroom')
    .orderBy('stations.station_id')
    .execute();
  const regions = new Map((await db.selectFrom('court_regions').selectAll().execute()).map((r) => [r.court, r.region]));

  // ISO times of any offset: a window a day wider each side, then exact in JS.
  const lo = new Date(now - 2 * DAY).toISOString();
  const hi = new Date(now + 2 * DAY).toISOString();
  const schedule = await db.selectFrom('schedule').select(['hearing_id', 'court', 'courtroom', 'case_number', 'judge', 'starts_at']).where('cancelled', '=', 0).where('starts_at', '>=', lo).where('starts_at', '<=', hi).execute();
  const opened = new Map<string, string>();
  if (schedule.length) {
    const acts = await db
      .selectFrom('hearing_activity')
      .select(['hearing_id', 'started_at'])
      .where('started_at', 'is not', null)
      .where('hearing_id', 'in', db.selectFrom('schedule').select('hearing_id').where('starts_at', '>=', lo).where('starts_at', '<=', hi))
      .execute();
    for (const a of acts) opened.set(a.hearing_id, a.started_at!);
  }
  // A hearing its station cancelled is no longer expected, nor watched for its recording.
  const cancelled = new Set(
    (await db.selectFrom('protocol_hearings').select('external_id').where('cancelled_at', 'is not', null).where('external_id', 'is not', null).where('scheduled_start', '>=', lo).execute()).map((h) => h.external_id!),
  );
  const byRoom = new Map<string, ScheduledHearing[]>();
  for (const s of schedule) {
    const t = Date.parse(s.starts_at);
    if (!(Math.abs(t - now) <= DAY)) continue;
    const k = `${s.court}\n${s.courtroom}`;
    const h: ScheduledHearing = { hearingId: s.hearing_id, court: s.court, courtroom: s.courtroom, caseNumber: s.case_number, judge: s.judge, startsAt: s.starts_at, openedAt: opened.get(s.hearing_id) ?? null, cancelled: cancelled.has(s.hearing_id) };
    (byRoom.get(k) ?? byRoom.set(k, []).get(k)!).push(h);
  }

  const openRows = await db
    .selectFrom('protocol_hearings')
    .select(['station_id', 'hearing_uid', 'external_id', 'case_number', 'judge', 'status', 'actual_start'])
    .where('status', 'in', OPEN_STATUSES)
    .where('cancelled_at', 'is', null)
    .orderBy('actual_start')
    .execute();
  const open = new Map<string, OpenHearing>();
  for (const h of openRows) open.set(h.station_id, { stationId: h.station_id, hearingId: h.external_id ?? h.hearing_uid, caseNumber: h.case_number, judge: h.judge, status: h.status, since: h.actual_start });

  const tests = await db.selectFrom('room_tests').select(['station_id', 'at', 'ready', 'reasons']).where('at', '>=', lo).orderBy('at', 'desc').execute();
  const testsBy = new Map<string, RoomTestInput[]>();
  for (const x of tests) (testsBy.get(x.station_id) ?? testsBy.set(x.station_id, []).get(x.station_id)!).push({ at: x.at, ready: x.ready === 1, reasons: JSON.parse(x.reasons) as string[] });

  const evidence = await db.selectFrom('evidence_flags').select(['id', 'station_id', 'session_id', 'kind', 'detail', 'at']).orderBy('id').execute();
  const evidenceBy = new Map<string, EvidenceInput[]>();
  for (const e of evidence) (evidenceBy.get(e.station_id) ?? evidenceBy.set(e.station_id, []).get(e.station_id)!).push({ id: Number(e.id), sessionId: e.session_id, kind: e.kind, detail: e.detail, at: e.at });

  return stations.map((s) => {
    let state: Heartbeat | null = null;
    if (s.state) {
      const p = HeartbeatSchema.safeParse(JSON.parse(s.state));
      state = p.success ? p.data : null;
    }
    const sched = [...(byRoom.get(`${s.court}\n${s.courtroom}`) ?? []), ...(byRoom.get(`\n${s.courtroom}`) ?? [])].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    return {
      station: {
        stationId: s.station_id,
        court: s.court,
        courtroom: s.courtroom,
        enrolledAt: s.enrolled_at,
        lastSeenAt: s.received_at ?? null,
        state,
        clockOffsetMs: s.clock_offset_ms ?? null,
        backlogGrowingSince: s.backlog_growing_since ?? null,
        lastRecordingAt: s.last_recording_at ?? null,
      },
      region: regions.get(s.court) ?? '',
      open: open.get(s.station_id) ?? null,
      schedule: sched,
      roomTests: testsBy.get(s.station_id) ?? null,
      evidence: evidenceBy.get(s.station_id) ?? [],
    };
  });
}
