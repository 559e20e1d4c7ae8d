import type { RecordingState } from '../../common/contract/recording';
import type { ObservationReason } from '../../common/observe-api';

// The court's rules for live observation, as one pure function: only a hearing being recorded
// may be observed, never one held in closed session, and never while a judge's seal in force
// covers the present moment of its recording. The core asks before streaming and every second
// while it streams, for every observer alike.

export interface ObservationFacts {
  /** The hearing's session mode (null: no such hearing in the protocol). */
  sessionModeOf(hearingId: number): 'open' | 'closed' | null;
  /** The seals in force over a recording session, in ms of its timeline. */
  sealsOf(sessionId: string): ReadonlyArray<{ fromMs: number; toMs: number }>;
}

export function observationRefusal(st: RecordingState, facts: ObservationFacts): ObservationReason | null {
  if ((st.state !== 'recording' && st.state !== 'paused') || !st.sessionId || !st.hearingId || !/^\d+$/.test(st.hearingId)) return 'notInHearing';
  const mode = facts.sessionModeOf(Number(st.hearingId));
  if (mode === null) return 'notInHearing';
  if (mode === 'closed') return 'closedSession';
  const nowMs = st.position * 1000;
  // A seal whose end lies ahead of the recording covers what is being said now.
  if (facts.sealsOf(st.sessionId).some((s) => s.fromMs <= nowMs && s.toMs > nowMs)) return 'sealed';
  return null;
}
