import type { TimelineEntry } from '../../common/contract/recording';

// The privacy mutes of a session read back from its timeline (the chain's mute and unmute
// marks): one span per mute, from its first silent sample to the first sample recorded again.
// A mute the session ended under (closing lifts it first; a crash or a failed disk may not)
// runs to the end of the recording: `toFrame` null.

export interface MuteSpan {
  channel: number;
  role: string;
  /** First frame recorded as digital silence, and the first recorded again (null: to the end). */
  fromFrame: number;
  toFrame: number | null;
  /** The same on the recording timeline, seconds. */
  from: number;
  to: number | null;
  at: string;
  liftedAt: string | null;
  by: string | null;
  liftedBy: string | null;
  /** Why it was lifted: by hand (manual), on its time running out (auto), a recess, the deliberation, the closing. */
  liftReason: string | null;
}

export function muteSpans(timeline: readonly TimelineEntry[]): MuteSpan[] {
  const open = new Map<number, MuteSpan>();
  const out: MuteSpan[] = [];
  for (const m of timeline) {
    if ((m.type !== 'mute' && m.type !== 'unmute') || m.channel === undefined || m.frame === undefined) continue;
    if (m.type === 'mute') {
      if (open.has(m.channel)) continue;
      const span: MuteSpan = { channel: m.channel, role: m.role ?? '', fromFrame: m.frame, toFrame: null, from: m.position, to: null, at: m.at, liftedAt: null, by: m.by ?? null, liftedBy: null, liftReason: null };
      open.set(m.channel, span);
      out.push(span);
      continue;
    }
    const span = open.get(m.channel);
    if (!span) continue;
    open.delete(m.channel);
    Object.assign(span, { toFrame: m.frame, to: m.position, liftedAt: m.at, liftedBy: m.by ?? null, liftReason: m.reason ?? null });
  }
  return out;
}
