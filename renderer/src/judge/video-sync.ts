import type { ReviewSegment, ReviewSession, SealedRange } from '../../../common/contract/review';

// The clock maths of the video tiles, kept pure (no DOM) so that it is tested under Node: which
// video tracks a session has and in which order, which segment of a track (and which moment in
// it) belongs to a position on the session's timeline, and how a playing <video> is brought back
// to the audio's clock when it drifts.

/** One frame at 30 fps: the tiles keep within it of the audio. */
export const FRAME_MS = 1000 / 30;
/** Drift this small is left alone (a quarter of a frame): no rate change for noise in the readings. */
export const DEADBAND_MS = 8;
/** Drift beyond this is a jump (a seek of the video), not a nudge. */
export const JUMP_MS = 400;
/** A nudge closes the drift in about this long... */
export const CATCH_UP_MS = 120;
/** ...slowing the video to no less than half the player's rate when it is ahead... */
export const MAX_NUDGE = 0.5;
/** ...and speeding it up to at most twice the player's rate when it is behind (a seek just done, a late start). */
export const MAX_CATCH_UP = 1;
/** A gap between two segments of a track shorter than this (a file rotation) shows the next file's first frame, not "no signal". */
export const BRIDGE_MS = 300;

export interface VideoTrack {
  /** Track id from the chain: cam1, cam2, ..., screen. */
  track: string;
  /** Its segments in timeline order. */
  segments: ReviewSegment[];
}

/** How a track is named on screen: camera N, the conference screen, or by its id. */
export type TrackName = { kind: 'camera'; n: number } | { kind: 'screen' } | { kind: 'other'; track: string };

export function trackName(track: string): TrackName {
  const m = /^cam(\d+)$/.exec(track);
  if (m) return { kind: 'camera', n: Number(m[1]) };
  if (track === 'screen') return { kind: 'screen' };
  return { kind: 'other', track };
}

function order(track: string): number {
  const n = trackName(track);
  return n.kind === 'camera' ? n.n : n.kind === 'screen' ? 1000 : 2000;
}

/** The session's video tracks: cameras by number, then the conference screen, then anything else. */
export function videoTracks(s: Pick<ReviewSession, 'segments'>): VideoTrack[] {
  const by = new Map<string, ReviewSegment[]>();
  for (const seg of s.segments) {
    if (seg.kind !== 'video') continue;
    const list = by.get(seg.track) ?? [];
    list.push(seg);
    by.set(seg.track, list);
  }
  return [...by.entries()]
    .map(([track, segments]) => ({ track, segments: segments.sort((a, b) => a.startMs - b.startMs || a.index - b.index) }))
    .sort((a, b) => order(a.track) - order(b.track) || a.track.localeCompare(b.track));
}

type Range = Pick<SealedRange, 'fromMs' | 'toMs'>;

/**
 * The sealed ranges this viewer may not see: the core names who sealed a range (`by`) to a judge
 * only, as the audio player reads it (review-player.ts).
 */
export function closedRanges(sealed: ReadonlyArray<Pick<SealedRange, 'fromMs' | 'toMs' | 'by'>>): Range[] {
  return sealed.filter((s) => s.by === null).map((s) => ({ fromMs: s.fromMs, toMs: s.toMs }));
}

/** A video file cannot be shown in part: one that overlaps a closed range is withheld whole (the core refuses it too). */
export function overlapsClosed(seg: Pick<ReviewSegment, 'startMs' | 'durationMs'>, closed: readonly Range[]): boolean {
  const end = seg.startMs + seg.durationMs;
  return closed.some((r) => r.fromMs < end && r.toMs > seg.startMs);
}

/**
 * What a tile shows at `ms`: a picture (segment `index`, `offsetSec` into its file; `hold` when
 * the position is in a short gap before that file, which then waits on its first frame), the
 * sealed notice, or "no signal" (nothing of this track was recorded then).
 */
export type TileAt = { kind: 'picture'; index: number; offsetSec: number; hold: boolean } | { kind: 'sealed'; index: number } | { kind: 'none' };

export function tileAt(segments: readonly ReviewSegment[], ms: number, closed: readonly Range[] = []): TileAt {
  // Files of one track may overlap by a few hundred ms at a rotation (each placed by its own first
  // frame): the later file takes over where it starts, from its first frame, as preloaded.
  let hit = -1;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (ms >= seg.startMs && ms < seg.startMs + seg.durationMs) hit = i;
  }
  if (hit >= 0) {
    const seg = segments[hit]!;
    if (overlapsClosed(seg, closed)) return { kind: 'sealed', index: hit };
    return { kind: 'picture', index: hit, offsetSec: (ms - seg.startMs) / 1000, hold: false };
  }
  const i = segments.findIndex((s) => s.startMs > ms);
  if (i === -1) return { kind: 'none' };
  const seg = segments[i]!;
  const prev = segments[i - 1];
  const gapBefore = prev ? seg.startMs - (prev.startMs + prev.durationMs) : 0;
  if (seg.startMs - ms <= BRIDGE_MS && gapBefore <= BRIDGE_MS && !overlapsClosed(seg, closed)) return { kind: 'picture', index: i, offsetSec: 0, hold: true };
  return { kind: 'none' };
}

/** The segment to load ahead of `index` (the next file of the track that may be shown), or null. */
export function nextToPreload(segments: readonly ReviewSegment[], index: number, closed: readonly Range[] = []): number | null {
  const next = index + 1;
  const seg = segments[next];
  return seg && !overlapsClosed(seg, closed) ? next : null;
}

/**
 * How a playing video follows the audio. `videoSec` is the video's currentTime, `targetSec` the
 * moment of its file the audio is at, `rate` the player's speed. Within the dead band it plays at
 * the player's speed; a drift up to JUMP_MS is closed by a nudge of its rate (a seek would stall
 * the picture); a larger one is a seek to the target.
 */
export type Correction = { kind: 'hold'; playbackRate: number } | { kind: 'nudge'; playbackRate: number; driftMs: number } | { kind: 'jump'; playbackRate: number; currentTime: number };

export function correction(videoSec: number, targetSec: number, rate: number): Correction {
  const driftMs = (videoSec - targetSec) * 1000;
  const abs = Math.abs(driftMs);
  if (abs > JUMP_MS) return { kind: 'jump', playbackRate: rate, currentTime: Math.max(0, targetSec) };
  if (abs <= DEADBAND_MS) return { kind: 'hold', playbackRate: rate };
  // Media seconds per second to shed: the drift over the catch-up time, as a share of the rate, bounded.
  const share = Math.max(-MAX_CATCH_UP, Math.min(MAX_NUDGE, driftMs / CATCH_UP_MS / rate));
  return { kind: 'nudge', playbackRate: rate * (1 - share), driftMs };
}

/** Drift (ms) of a video at `videoSec` in a file starting at `startMs` against the audio at `positionMs`: positive when the picture is ahead. */
export function driftMs(videoSec: number, startMs: number, positionMs: number): number {
  return startMs + videoSec * 1000 - positionMs;
}
