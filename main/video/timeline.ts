import type { ChainEntry } from '../evidence/chain';

// The common timeline is the audio's: position = seconds of audio recorded before a moment.
// A wall-clock instant maps onto it through the audio segment running at that instant: its
// first sample's wall time (the capture clock) and its first frame on the track.

export function audioPositionAt(entries: readonly ChainEntry[], wallMs: number): number {
  let rate = 0;
  let best: { startedAt: number; startFrame: number } | null = null;
  let first: { startedAt: number; startFrame: number } | null = null;
  let startMark: number | null = null;
  for (const e of entries) {
    if (e.type === 'track' && e.track.id === 'audio') rate = e.track.sampleRate ?? 0;
    else if (e.type === 'mark' && e.mark.type === 'start' && startMark === null) startMark = Date.parse(e.mark.at);
    else if (e.type === 'open' && e.track === 'audio') {
      const o = { startedAt: Date.parse(e.startedAt), startFrame: e.startFrame ?? 0 };
      first ??= o;
      if (o.startedAt <= wallMs) best = o;
    }
  }
  const ref = best ?? first;
  if (ref && rate > 0) return round3(ref.startFrame / rate + (wallMs - ref.startedAt) / 1000);
  if (startMark !== null) return round3((wallMs - startMark) / 1000);
  return 0;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
