import type { CameraResult, ConferenceResult, MicResult } from '../../common/contract/recording';
import { ROOM_TEST } from './thresholds';

// Ready or not: every microphone `ok`, every camera judged `ok`, enough disk, the clock close to
// central's. Each failing condition is a reason (roomcheck:reasons.<code> with its numbers); what
// does not stop a hearing (central offline, a sync backlog, cameras the core cannot see) is a note.
// The conference's sound counts only when a participant is expected to attend remotely: then a
// silent or unavailable conference is a reason; otherwise an unavailable device is at most a note.

export interface Reason {
  code: string;
  params: Record<string, string | number>;
}

export interface ReadinessInput {
  microphones: MicResult[];
  cameras: CameraResult[];
  camerasChecked: boolean;
  cameraCount: number;
  diskHours: number | null;
  clockOffsetMs: number | null;
  centralConfigured: boolean;
  backlogSegments: number;
  backlogEvents: number;
  /** The conference's verdict, when a conference device is configured. */
  conference?: ConferenceResult | null;
  /** A hearing the test covers has a participant attending remotely (also without a conference device). */
  remoteExpected?: boolean;
}

export function readiness(i: ReadinessInput, t = ROOM_TEST): { ready: boolean; reasons: Reason[]; notes: Reason[] } {
  const reasons: Reason[] = [];
  const notes: Reason[] = [];
  for (const m of i.microphones) {
    const who = { channel: m.channel, role: m.role };
    if (m.verdict === 'silent') reasons.push({ code: 'silent', params: { ...who, rmsDb: m.rmsDb } });
    else if (m.verdict === 'clipping') reasons.push({ code: 'clipping', params: { ...who, peakDb: m.peakDb, samples: m.clippedSamples } });
    else if (m.verdict === 'hum') reasons.push({ code: 'hum', params: { ...who, percent: Math.round(m.humShare * 100) } });
    else if (m.verdict === 'noisy') reasons.push({ code: 'noisy', params: { ...who, floorDb: m.noiseFloorDb, snrDb: m.snrDb } });
    else if (m.verdict === 'duplicate') reasons.push({ code: 'duplicate', params: { ...who, of: m.duplicateOf ?? 0 } });
  }
  for (const c of i.cameras) if (c.verdict !== 'ok') reasons.push({ code: `camera.${c.verdict}`, params: { slot: c.slot, role: c.role, width: c.width, height: c.height } });
  if (!i.camerasChecked && i.cameraCount > 0) notes.push({ code: 'camerasInBrowser', params: { count: i.cameraCount } });
  if (i.diskHours === null) reasons.push({ code: 'diskUnknown', params: {} });
  else if (i.diskHours < t.minDiskHours) reasons.push({ code: 'diskLow', params: { hours: Math.round(i.diskHours * 10) / 10, min: t.minDiskHours } });
  if (i.clockOffsetMs === null) notes.push({ code: i.centralConfigured ? 'clockUnknown' : 'noCentral', params: {} });
  else if (Math.abs(i.clockOffsetMs) > t.maxClockOffsetMs) reasons.push({ code: 'clockOff', params: { ms: i.clockOffsetMs, max: t.maxClockOffsetMs } });
  const c = i.conference;
  if (c?.expected && c.verdict !== 'ok') reasons.push({ code: `conference.${c.verdict}`, params: { device: c.device } });
  else if (c?.verdict === 'unavailable') notes.push({ code: 'conference.unavailableNote', params: { device: c.device } });
  else if (!c && i.remoteExpected) notes.push({ code: 'conference.notConfigured', params: {} });
  if (i.backlogSegments > t.backlogSegmentsNote) notes.push({ code: 'backlog', params: { segments: i.backlogSegments, events: i.backlogEvents } });
  return { ready: reasons.length === 0, reasons, notes };
}
