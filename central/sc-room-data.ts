import type { CentralDb } from './schema';
import { flagHistory, type FlagRow } from './flag-book';

// One room's day, for its page: the schedule of its courtroom, the hearings its station held
// (opened, closed), the spans it recorded, and the flags of the last 24 hours.

export interface DayHearing {
  hearingId: string;
  caseNumber: string;
  judge: string;
  startsAt: string | null;
  openedAt: string | null;
  closedAt: string | null;
  /** Cancelled on the station, with its reason. */
  cancelReason?: string | null;
}
/** A microphone muted for a private conversation (the station's recording.mute events): to null while it is still muted. */
export interface DayMute {
  channel: number;
  role: string;
  from: string;
  to: string | null;
}
export interface RoomDay {
  hearings: DayHearing[];
  spans: Array<{ from: string; to: string; hearingId: string | null }>;
  mutes: DayMute[];
  history: FlagRow[];
}

const DAY = 86_400_000;
/** A hearing scheduled this long before midnight that is not over stays on the new day's page (it is still flagged late, or still running). */
const CARRY_OVER = 12 * 3600_000;

/**
 * Whether a hearing belongs on the room's page for the local day of `now`: scheduled, opened or
 * closed today, or from the hours before midnight and not over yet. Without the second rule a
 * hearing due at 23:53 and not opened vanished from the page at midnight while its late flag
 * stayed up.
 */
export function onRoomDay(h: Pick<DayHearing, 'startsAt' | 'openedAt' | 'closedAt'>, now: number, isToday: (ms: number) => boolean): boolean {
  const times = [h.startsAt, h.openedAt, h.closedAt].map((x) => (x ? Date.parse(x) : NaN)).filter(Number.isFinite);
  if (times.some(isToday)) return true;
  const start = Date.parse(h.startsAt ?? h.openedAt ?? '');
  return !h.closedAt && Number.isFinite(start) && start >= now - CARRY_OVER && start <= now;
}

export async function roomDay(db: CentralDb, station: { stationId: string; court: string; courtroom: string }, now: number, isToday: (ms: number) => boolean): Promise<RoomDay> {
  const lo = new Date(now - 2 * DAY).toISOString();
  const sched = await db
    .selectFrom('schedule')
    .select(['hearing_id', 'case_number', 'judge', 'starts_at'])
    .where('courtroom', '=', station.courtroom)
    .where((eb) => eb.or([eb('court', '=', station.court), eb('court', '=', '')]))
    .where('cancelled', '=', 0)
    .where('starts_at', '>=', lo)
    .execute();
  const held = await db
    .selectFrom('protocol_hearings')
    .select(['hearing_uid', 'external_id', 'case_number', 'judge', 'scheduled_start', 'actual_start', 'actual_end', 'cancelled_at', 'cancel_reason'])
    .where('station_id', '=', station.stationId)
    .where((eb) => eb.or([eb('actual_start', '>=', lo), eb('scheduled_start', '>=', lo), eb('status', 'in', ['in_progress', 'recess', 'deliberation'])]))
    .execute();
  const byId = new Map<string, DayHearing>();
  for (const s of sched) {
    if (!onRoomDay({ startsAt: s.starts_at, openedAt: null, closedAt: null }, now, isToday)) continue;
    byId.set(s.hearing_id, { hearingId: s.hearing_id, caseNumber: s.case_number, judge: s.judge, startsAt: s.starts_at, openedAt: null, closedAt: null });
  }
  for (const h of held) {
    const id = h.external_id ?? h.hearing_uid;
    const cur = byId.get(id);
    const when = Date.parse(h.actual_start ?? h.scheduled_start ?? '');
    if (!cur && !(isToday(when) || (h.actual_start && !h.actual_end))) continue;
    byId.set(id, { hearingId: id, caseNumber: cur?.caseNumber || h.case_number, judge: cur?.judge || h.judge, startsAt: cur?.startsAt ?? h.scheduled_start, openedAt: h.actual_start, closedAt: h.actual_end, cancelReason: h.cancelled_at ? (h.cancel_reason ?? '') : null });
  }
  // A hearing opened from the schedule that sent no protocol header yet: its activity says when.
  const ids = [...byId.keys()];
  if (ids.length) {
    const acts = await db.selectFrom('hearing_activity').select(['hearing_id', 'started_at', 'closed_at']).where('station_id', '=', station.stationId).where('hearing_id', 'in', ids).execute();
    for (const a of acts) {
      const h = byId.get(a.hearing_id)!;
      h.openedAt ??= a.started_at;
      h.closedAt ??= a.closed_at;
    }
  }
  const spans = await db.selectFrom('recording_spans').select(['started_at', 'last_at', 'hearing_id']).where('station_id', '=', station.stationId).where('last_at', '>=', new Date(now - DAY).toISOString()).orderBy('started_at').execute();
  const hearings = [...byId.values()].filter((h) => onRoomDay(h, now, isToday) || (h.openedAt && !h.closedAt)).sort((a, b) => Date.parse(a.startsAt ?? a.openedAt ?? '') - Date.parse(b.startsAt ?? b.openedAt ?? ''));
  return {
    hearings,
    mutes: await dayMutes(db, station.stationId, new Date(now - DAY).toISOString()),
    spans: spans.filter((s) => isToday(Date.parse(s.last_at))).map((s) => ({ from: s.started_at, to: s.last_at, hearingId: s.hearing_id })),
    history: await flagHistory(db, station.stationId, new Date(now - DAY).toISOString()),
  };
}

/** The station's privacy mutes since `since`, paired mute to unmute per session and channel, as its events log holds them. */
async function dayMutes(db: CentralDb, stationId: string, since: string): Promise<DayMute[]> {
  const rows = await db.selectFrom('events').select(['payload']).where('station_id', '=', stationId).where('kind', '=', 'recording.mute').where('received_at', '>=', since).orderBy('seq').execute();
  const open = new Map<string, DayMute>();
  const out: DayMute[] = [];
  for (const r of rows) {
    const p = JSON.parse(r.payload) as { sessionId: string; act: 'mute' | 'unmute'; channel: number; role: string; at: string };
    const key = `${p.sessionId}:${p.channel}`;
    if (p.act === 'mute') {
      const m: DayMute = { channel: p.channel, role: p.role, from: p.at, to: null };
      open.set(key, m);
      out.push(m);
    } else {
      const m = open.get(key);
      if (m) m.to = p.at;
      open.delete(key);
    }
  }
  return out;
}
