import type { RecordingState } from '../../common/contract/recording';
import type { RecordingRef } from '../../common/protocol/text';

/**
 * Where the recording was at a time of day, from the recorder's own timeline: the last start,
 * pause or resume mark before `atMs` and the audio recorded since. A moment in a pause maps to
 * the pause's position; a moment before the session maps to its start. Null when nothing of this
 * hearing records.
 */
export function positionAt(state: RecordingState, atMs: number, nowMs = Date.now()): RecordingRef | null {
  if ((state.state !== 'recording' && state.state !== 'paused') || !state.sessionId) return null;
  const at = Math.min(atMs, nowMs);
  let mark: { type: string; atMs: number; position: number } | null = null;
  for (const m of state.timeline) {
    if (m.type !== 'start' && m.type !== 'pause' && m.type !== 'resume') continue;
    const t = Date.parse(m.at);
    if (t > at) break;
    mark = { type: m.type, atMs: t, position: m.position };
  }
  let seconds = 0;
  if (mark) seconds = mark.type === 'pause' ? mark.position : mark.position + (at - mark.atMs) / 1000;
  // Never past what has actually been recorded (the last chunk may be a few ms behind the clock).
  seconds = Math.max(0, Math.min(seconds, state.position));
  return { sessionId: state.sessionId, positionMs: Math.round(seconds * 1000) };
}
