import type { PauseReason, RecordingState } from '../../common/contract/recording';

/** The recorder as the hearing drives it: the audio recorder of main/recording, wired by the core. */
export interface Recorder {
  start(input: { hearingId?: string; caseRef?: string }): Promise<RecordingState>;
  pause(reason: PauseReason): RecordingState;
  resume(): RecordingState;
  stop(): Promise<RecordingState>;
  state(): RecordingState;
}

/** The recorder's state seen from one hearing: another hearing's session is none of its business. */
export function stateForHearing(recorder: Recorder, hearingId: number): RecordingState {
  const s = recorder.state();
  if (s.hearingId === String(hearingId)) return s;
  return { ...s, state: 'idle', sessionId: null, folder: null, caseRef: null, hearingId: String(hearingId), startedAt: null, position: 0, pauseReason: null, segments: 0, capturing: false, timeline: [] };
}

export const isLive = (s: RecordingState): boolean => s.state === 'recording' || s.state === 'paused';
