import type { Settings } from '../../common/settings';
import { AudioTrackWriter } from '../evidence/audio-track-writer';
import type { OpenSession } from '../evidence/open-session';
import type { SessionHost } from '../evidence/session-host';
import { maxFrames } from '../evidence/wav';
import type { Logger } from '../log/logger';
import type { Capture } from './capture';
import { ConferenceTrack, conferenceTrackOf, type OpenedConference } from './conference-track';
import type { RecordingAlarms } from './recording-alarms';
import { audioTrackOf, type RecordingConfig, type ServiceTuning } from './recording-config';

// The audio tracks of one session: the microphones' (the session's timeline) and, when a
// conference device is set, the conference's, which follows the microphones' frame for frame.
// Every segment boundary (rollover, pause, gap, stop) is the same in both.

export interface TrackEvents {
  onSegmentChained: () => void;
  onError: (e: unknown) => void;
}

export interface SessionTracks {
  session: OpenSession;
  audio: AudioTrackWriter;
  conference: ConferenceTrack | null;
}

export interface OpenTracksInput {
  sessions: SessionHost;
  settings: Settings;
  config: RecordingConfig;
  /** The conference capture being started beside the microphones' (null: none set). */
  conference: { config: RecordingConfig; opening: Promise<OpenedConference> } | null;
  sessionId: string;
  startedAt: string;
  caseRef: string | null;
  hearingId: string | null;
}

/** Opens the session with its tracks; the conference track joins once its capture answers (or keeps retrying). */
export function openSessionTracks(i: OpenTracksInput, deps: { tuning: ServiceTuning; log: Logger; alarms: RecordingAlarms }, events: TrackEvents): SessionTracks {
  const s = i.settings;
  const track = audioTrackOf(i.config);
  const confTrack = i.conference ? conferenceTrackOf(i.config, i.conference.config) : null;
  const session = i.sessions.open(i.sessionId, {
    stationId: s.stationId,
    court: s.court,
    courtroom: s.courtroom,
    caseRef: i.caseRef,
    hearingId: i.hearingId,
    createdAt: i.startedAt,
    tracks: confTrack ? [track, confTrack] : [track],
    onError: events.onError,
  });
  const segmentFrames = Math.min(Math.round(i.config.segmentSeconds * i.config.sampleRate), maxFrames(i.config.channels));
  // Broadcast Wave's origination date, time and TimeReference: the court's local time.
  const audio = new AudioTrackWriter(session, track, segmentFrames, events, { timeZone: s.timeZone });
  const conference =
    i.conference && confTrack
      ? new ConferenceTrack({ session, track: confTrack, config: i.conference.config, segmentFrames, tuning: deps.tuning, log: deps.log, alarms: deps.alarms, timeZone: s.timeZone, ...events }, i.conference.opening)
      : null;
  return { session, audio, conference };
}

/** Writes the microphones' frames, and has the conference track follow them. */
export function writeFrames(t: SessionTracks, pcm: Buffer, wallOfFirst: number, capture: Capture, firstFrame: number): void {
  t.audio.write(pcm, wallOfFirst);
  t.conference?.follow(capture, firstFrame, pcm.length / capture.frameBytes, wallOfFirst);
}

export function closeSegments(t: SessionTracks): void {
  t.audio.closeSegment();
  t.conference?.closeSegment();
}

export function syncTracks(t: SessionTracks): void {
  t.audio.sync();
  t.conference?.sync();
}

export function abandonTracks(t: SessionTracks): void {
  t.audio.abandon();
  t.conference?.abandon();
}
