import type { ReviewSegment, ReviewSession } from '../../../common/contract/review';

// The session's audio timeline: segments back to back (a pause or a capture restart closes a
// segment but does not move the position), so a position is one segment and an offset in it.

export function audioSegments(s: ReviewSession): ReviewSegment[] {
  return s.segments.filter((x) => x.kind === 'audio' && x.track === 'audio').sort((a, b) => a.startMs - b.startMs);
}

/** The segment holding `ms` (the last one for positions at or past the end), and the offset in seconds. */
export function locate(segments: ReviewSegment[], ms: number): { index: number; offsetSec: number } | null {
  if (segments.length === 0) return null;
  let index = segments.length - 1;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (ms < s.startMs + s.durationMs) {
      index = i;
      break;
    }
  }
  const seg = segments[index]!;
  const offset = Math.min(Math.max(0, ms - seg.startMs), Math.max(0, seg.durationMs - 1));
  return { index, offsetSec: offset / 1000 };
}

/** HH:MM:SS.t for the player's clock. */
export function clock(ms: number): string {
  const t = Math.max(0, Math.floor(ms / 100));
  const s = Math.floor(t / 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}.${t % 10}`;
}
