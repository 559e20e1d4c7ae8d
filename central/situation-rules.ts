import type { Heartbeat } from '../common/sync-api';

// The Situation Center's rules, as pure functions of what central holds: each room's state and
// the findings (flags) it has now, each with the facts it was found on. Loading is situation-load.ts;
// keeping flags open and closed over time is flag-book.ts.

export const FLAG_KINDS = ['late-start', 'no-recording', 'mic-failure', 'not-ready', 'offline', 'backlog', 'disk', 'clock', 'damaged'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];
export const ROOM_STATES = ['recording', 'hearing-not-recording', 'not-ready', 'idle', 'offline'] as const;
export type RoomState = (typeof ROOM_STATES)[number];

export interface Thresholds {
  /** A scheduled hearing not opened this long after its start is late. */
  lateStartMs: number;
  /** No heartbeat for this long: the station is offline. */
  offlineMs: number;
  /** A hearing in progress not recorded for longer than this. */
  noRecordingMs: number;
  /** The backlog has grown for this long. */
  backlogMs: number;
  /** Fewer hours of recording left on the disk than this. */
  diskHours: number;
  /** Station clock off central's by more than this. */
  clockMs: number;
  /** A room test before a hearing counts this long. */
  roomTestValidMs: number;
  /** A hearing starting within this needs a room test. */
  roomTestBeforeMs: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  lateStartMs: 10 * 60_000,
  offlineMs: 2 * 60_000,
  noRecordingMs: 30_000,
  backlogMs: 30 * 60_000,
  diskHours: 4,
  clockMs: 2_000,
  roomTestValidMs: 4 * 3_600_000,
  roomTestBeforeMs: 30 * 60_000,
};

export type Evidence = Record<string, string | number | null>;
export interface Finding {
  kind: FlagKind;
  /** Tells this finding apart from others of its kind in the room (the hearing, the alarm, the session). */
  key: string;
  hearingId: string | null;
  evidence: Evidence;
}

export interface StationInput {
  stationId: string;
  court: string;
  courtroom: string;
  enrolledAt: string;
  lastSeenAt: string | null;
  state: Heartbeat | null;
  clockOffsetMs: number | null;
  backlogGrowingSince: string | null;
  lastRecordingAt: string | null;
}
export interface OpenHearing {
  stationId: string;
  hearingId: string;
  caseNumber: string;
  judge: string;
  status: string;
  since: string | null;
}
export interface ScheduledHearing {
  hearingId: string;
  court: string;
  courtroom: string;
  caseNumber: string;
  judge: string;
  startsAt: string;
  /** When a station of the room opened it (null: not opened). */
  openedAt: string | null;
  /** Cancelled on the station (created or opened by mistake): never late, never unrecorded. */
  cancelled?: boolean;
}
export interface RoomTestInput {
  at: string;
  ready: boolean;
  reasons: string[];
}
export interface EvidenceInput {
  id: number;
  sessionId: string;
  kind: string;
  detail: string;
  at: string;
}

export interface RoomView {
  stationId: string;
  court: string;
  courtroom: string;
  region: string;
  state: RoomState;
  lastSeenAt: string | null;
  hearing: { id: string; caseNumber: string; judge: string; since: string | null; status: string } | null;
  findings: Finding[];
}

export interface RoomInput {
  station: StationInput;
  region: string;
  open: OpenHearing | null;
  schedule: ScheduledHearing[];
  /** The station's room tests, newest first; null when the station has never sent one (it does not run them through central). */
  roomTests: RoomTestInput[] | null;
  evidence: EvidenceInput[];
}

const MIC_ALARM = /^(deadMic|clipping|hum|captureLost)\b/;
const ms = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : NaN);

export function assessRoom(r: RoomInput, now: number, t: Thresholds): RoomView {
  const s = r.station;
  const st = s.state;
  const findings: Finding[] = [];
  const seen = ms(s.lastSeenAt);
  const offline = !(now - seen <= t.offlineMs);
  if (offline && now - ms(s.enrolledAt) > t.offlineMs) findings.push({ kind: 'offline', key: 'offline', hearingId: null, evidence: { lastSeenAt: s.lastSeenAt } });

  const open = r.open;
  const inHearing = open !== null;
  const recording = !offline && st?.recording === true;
  const hearingId = open?.hearingId ?? (recording ? st?.hearingId ?? null : null);

  for (const h of r.schedule) {
    const late = now - ms(h.startsAt);
    if (!h.openedAt && !h.cancelled && late > t.lateStartMs && !(open && open.hearingId === h.hearingId)) {
      findings.push({ kind: 'late-start', key: `late-start:${h.hearingId}`, hearingId: h.hearingId, evidence: { startsAt: h.startsAt, minutesLate: Math.floor(late / 60_000), caseNumber: h.caseNumber } });
    }
  }

  if (open && open.status === 'in_progress' && !offline && st && !st.recording) {
    const gapFrom = Math.max(ms(open.since) || 0, ms(s.lastRecordingAt) || 0);
    if (now - gapFrom > t.noRecordingMs) {
      findings.push({ kind: 'no-recording', key: `no-recording:${open.hearingId}`, hearingId: open.hearingId, evidence: { since: new Date(gapFrom).toISOString(), lastRecordingAt: s.lastRecordingAt, caseNumber: open.caseNumber } });
    }
  }

  if (!offline && st && (inHearing || st.recording)) {
    for (const alarm of st.alarms) {
      if (MIC_ALARM.test(alarm)) findings.push({ kind: 'mic-failure', key: `mic:${alarm}`, hearingId, evidence: { alarm } });
    }
  }

  const notReady = roomNotReady(r, now, t);
  if (notReady) findings.push(notReady);

  if (!offline && st) {
    if (s.backlogGrowingSince && now - ms(s.backlogGrowingSince) >= t.backlogMs) {
      findings.push({ kind: 'backlog', key: 'backlog', hearingId: null, evidence: { since: s.backlogGrowingSince, events: st.backlog.events, segments: st.backlog.segments, bytes: st.backlog.bytes } });
    }
    if (st.diskHoursLeft !== null && st.diskHoursLeft < t.diskHours) findings.push({ kind: 'disk', key: 'disk', hearingId: null, evidence: { hoursLeft: Math.round(st.diskHoursLeft * 10) / 10 } });
    if (s.clockOffsetMs !== null && Math.abs(s.clockOffsetMs) > t.clockMs) findings.push({ kind: 'clock', key: 'clock', hearingId: null, evidence: { offsetSeconds: Math.round(s.clockOffsetMs / 100) / 10 } });
  }
  for (const e of r.evidence) findings.push({ kind: 'damaged', key: `damaged:${e.id}`, hearingId: null, evidence: { sessionId: e.sessionId, finding: e.kind, detail: e.detail, at: e.at } });

  const state: RoomState = offline ? 'offline' : recording ? 'recording' : inHearing && open.status === 'in_progress' ? 'hearing-not-recording' : notReady ? 'not-ready' : 'idle';
  const hearing = open
    ? { id: open.hearingId, caseNumber: open.caseNumber, judge: open.judge, since: open.since, status: open.status }
    : hearingId
      ? { id: hearingId, caseNumber: r.schedule.find((h) => h.hearingId === hearingId)?.caseNumber ?? '', judge: r.schedule.find((h) => h.hearingId === hearingId)?.judge ?? '', since: null, status: 'in_progress' }
      : null;
  return { stationId: s.stationId, court: s.court, courtroom: s.courtroom, region: r.region, state, lastSeenAt: s.lastSeenAt, hearing, findings };
}

/**
 * Not ready: the last room test failed; or a hearing is about to start (or is late) and no passed
 * test is recent enough. The second needs stations that send their room tests: a station that
 * never sent one (roomTests null) is not flagged for a missing test.
 */
function roomNotReady(r: RoomInput, now: number, t: Thresholds): Finding | null {
  if (r.roomTests === null) return null;
  const last = r.roomTests[0];
  if (last && !last.ready) return { kind: 'not-ready', key: 'not-ready', hearingId: null, evidence: { testAt: last.at, reasons: last.reasons.join(', ') } };
  if (r.open) return null;
  const soon = r.schedule.find((h) => !h.openedAt && !h.cancelled && ms(h.startsAt) - now <= t.roomTestBeforeMs && now - ms(h.startsAt) <= 12 * 3_600_000);
  if (!soon) return null;
  const passed = r.roomTests.find((x) => x.ready && now - ms(x.at) <= t.roomTestValidMs);
  if (passed) return null;
  return { kind: 'not-ready', key: 'not-ready', hearingId: soon.hearingId, evidence: { testAt: last?.at ?? null, reasons: 'missing', startsAt: soon.startsAt } };
}
