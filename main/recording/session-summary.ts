import type { TimelineEntry } from '../../common/contract/recording';
import type { TrackInfo } from '../evidence/chain';
import type { Manifest } from '../evidence/manifest';
import { muteSpans, type MuteSpan } from '../evidence/mute-spans';
import type { OpenSession } from '../evidence/open-session';
import type { RaisedAlarm } from './recording-alarms';
import { roleOf, type RecordingConfig } from './recording-config';

/** What a finished session recorded: `hattama record --json` prints it. */
export interface SessionSummary {
  sessionId: string;
  folder: string;
  status: Manifest['status'];
  duration: number;
  segments: Array<{ file: string; sha256: string; bytes: number; frames: number }>;
  channels: Array<{ channel: number; role: string; rmsDbfs: number; peakDbfs: number }>;
  timeline: TimelineEntry[];
  /** The privacy mutes of the session, from its timeline: which microphone was silent from which sample to which. */
  privacyMutes: MuteSpan[];
  alarms: RaisedAlarm[];
}

export interface Recorded {
  session: OpenSession;
  track: TrackInfo;
  /** Seconds of audio. */
  duration: number;
  totals: Array<{ rmsDb: number; peakDb: number }>;
  config: RecordingConfig;
  alarms: RaisedAlarm[];
}

/** The summary of a session the recorder just signed. */
export function sessionSummary(r: Recorded, status: Manifest['status'], manifest: Manifest): SessionSummary {
  return {
    sessionId: r.session.sessionId,
    folder: r.session.dir,
    status,
    duration: r.duration,
    segments: r.session.closedSegments.filter((s) => s.track === r.track.id).map((s) => ({ file: s.file, sha256: s.sha256, bytes: s.bytes, frames: s.frames ?? 0 })),
    channels: r.totals.map((t, i) => ({ channel: i + 1, role: roleOf(r.config, i), rmsDbfs: t.rmsDb, peakDbfs: t.peakDb })),
    timeline: manifest.timeline,
    privacyMutes: muteSpans(manifest.timeline),
    alarms: r.alarms,
  };
}
