import type { PauseReason, RecordingState, TimelineEntry } from '../../common/contract/recording';

/** The recorder as the hearing drives it: the audio recorder of main/recording, wired by the core. */
export interface Recorder {
  start(input: { hearingId?: string; caseRef?: string }): Promise<RecordingState>;
  pause(reason: PauseReason): RecordingState;
  resume(): RecordingState;
  stop(): Promise<RecordingState>;
  state(): RecordingState;
  /** A privacy mute of one microphone on or off from the next sample recorded; its timeline mark (main/recording/privacy-mute.ts). */
  privacyMute(channel: number, on: boolean, opts?: { by?: string; reason?: string }): TimelineEntry;
}

/** The recorder's state seen from one hearing: another hearing's session is none of its business. */
export function stateForHearing(recorder: Recorder, hearingId: number): RecordingState {
  const s = recorder.state();
  if (s.hearingId === String(hearingId)) return s;
  return { ...s, state: 'idle', sessionId: null, folder: null, caseRef: null, hearingId: String(hearingId), startedAt: null, position: 0, pauseReason: null, segments: 0, capturing: false, timeline: [], muted: [] };
}

export const isLive = (s: RecordingState): boolean => s.state === 'recording' || s.state === 'paused';
