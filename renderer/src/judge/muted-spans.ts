import type { ReviewSession } from '../../../common/contract/review';

// The privacy mutes of a session as spans on its timeline: each `mute` mark of a channel up to
// that channel's next `unmute` (or the end of the recording, had the station stopped first).
// Sample-exact when the marks carry their frame and the session its rate.

export interface MutedSpan {
  channel: number;
  role: string;
  fromMs: number;
  toMs: number;
  by: string | null;
}

export function mutedSpans(session: Pick<ReviewSession, 'timeline' | 'sampleRate' | 'durationMs'>): MutedSpan[] {
  const ms = (m: { position: number; frame?: number | undefined }) => (m.frame !== undefined && session.sampleRate ? (m.frame * 1000) / session.sampleRate : m.position * 1000);
  const open = new Map<number, MutedSpan>();
  const out: MutedSpan[] = [];
  for (const m of session.timeline) {
    if (m.channel === undefined) continue;
    if (m.type === 'mute' && !open.has(m.channel)) open.set(m.channel, { channel: m.channel, role: m.role ?? '', fromMs: ms(m), toMs: session.durationMs, by: m.by ?? null });
    else if (m.type === 'unmute') {
      const span = open.get(m.channel);
      if (!span) continue;
      open.delete(m.channel);
      out.push({ ...span, toMs: Math.max(span.fromMs, ms(m)) });
    }
  }
  out.push(...open.values());
  return out.sort((a, b) => a.fromMs - b.fromMs || a.channel - b.channel);
}
