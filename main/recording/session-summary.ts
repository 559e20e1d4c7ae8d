import type { TimelineEntry } from '../../common/contract/recording';
import type { Manifest } from '../evidence/manifest';
import type { RaisedAlarm } from './recording-alarms';

/** What a finished session recorded: `hattama record --json` prints it. */
export interface SessionSummary {
  sessionId: string;
  folder: string;
  status: Manifest['status'];
  duration: number;
  segments: Array<{ file: string; sha256: string; bytes: number; frames: number }>;
  channels: Array<{ channel: number; role: string; rmsDbfs: number; peakDbfs: number }>;
  timeline: TimelineEntry[];
  alarms: RaisedAlarm[];
}
