import type { Heartbeat } from '../../common/sync-api';
import type { Backlog } from './backlog';

// The heartbeat the Situation Center sees every 30 s: what records now, the alarms, the disk,
// what the station still owes central.

/** What is recording, as whoever runs the worker can observe it (the core's bus, the CLI's session folders). */
export interface RecordingBeat {
  recording: boolean;
  /** The hearing being recorded, as central names it (schedule id or the hearing's uid). */
  hearingId: string | null;
  alarms: string[];
}

export interface HeartbeatSource extends RecordingBeat {
  diskHoursLeft: number | null;
}

export const MAX_ALARMS = 50;

export function buildHeartbeat(src: HeartbeatSource, b: Backlog, version: string, clock = Date.now()): Heartbeat {
  return {
    clock,
    recording: src.recording,
    hearingId: src.hearingId,
    alarms: src.alarms.slice(0, MAX_ALARMS),
    diskHoursLeft: src.diskHoursLeft,
    backlog: { events: b.queueLength, segments: b.segmentsPending, bytes: b.bytesPending },
    version,
  };
}
