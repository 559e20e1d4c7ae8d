import { CONFERENCE_TRACK } from '../../common/contract/recording';
import path from 'node:path';
import { CHAIN_FILE, readChain, type SegmentInfo, type TrackInfo } from '../evidence/chain';
import { activeSeals, currentAnchor } from '../evidence/seals';
import type { SessionFiles } from '../evidence/session-reader';
import { piecesAround } from './clip-maker';

// What a participants' copy is made of: every recording session of the hearing in order, each cut
// around its sealed ranges (merged where they overlap, edges rounded outwards as clips do), and a
// notice card where each sealed range was. Per piece: the audio frames, the wall-clock time of its
// first frame (for the burnt-in time of day), and the picture in layers: the main camera (first
// camera track) over the conference screen over a dark frame, so where the camera has no segment
// (lost, not started) the screen shows, and where neither has, the dark frame. The sound: the
// microphones' track and, when the session has one, the conference track, cut over the same
// frames (its segments share the microphones' frame positions), so a sealed range takes out both.


type AudioTrack = TrackInfo & { sampleRate: number; channels: number };

export interface MediaPart {
  kind: 'media';
  session: SessionFiles;
  audio: AudioTrack;
  audioSegments: SegmentInfo[];
  /** What the video-conference app played, on the microphones' frames; null when not recorded. */
  conference: { track: AudioTrack; segments: SegmentInfo[] } | null;
  fromFrame: number;
  toFrame: number;
  /** The piece on the session's timeline, ms. */
  fromMs: number;
  toMs: number;
  /** Wall clock of its first frame, ms since the epoch. */
  wallMs: number;
  /** Bottom to top: the screen's segments over the piece, then the main camera's. */
  video: Array<{ track: TrackInfo; segments: SegmentInfo[] }>;
}

export interface CardPart {
  kind: 'card';
  sessionId: string;
  fromMs: number;
  toMs: number;
}

export type CopyPart = MediaPart | CardPart;

export interface PlannedSession {
  sessionId: string;
  /** SHA-256 of its signed manifest.json (null while still recorded: then the chain's head). */
  manifestSha256: string | null;
  chainLength: number;
  chainHead: string;
  recordedMs: number;
  /** The audio tracks mixed into the copy's sound: the microphones' and, when recorded, the conference's. */
  audioTracks: string[];
}

export interface CopyPlan {
  parts: CopyPart[];
  sessions: PlannedSession[];
  removed: Array<{ sessionId: string; fromMs: number; toMs: number }>;
  recordedMs: number;
  sealedMs: number;
  size: { width: number; height: number };
}

const DEFAULT_SIZE = { width: 640, height: 360 };
const MAX_SIZE = { width: 1280, height: 720 };
const MAX_PART_S = 600;

function byIndex(s: SessionFiles, track: string): SegmentInfo[] {
  return s.segments.filter((g) => g.track === track).sort((a, b) => a.index - b.index);
}

function videoSpan(g: SegmentInfo): { from: number; to: number } {
  const from = (g.position ?? 0) * 1000;
  return { from, to: from + (g.durationMs ?? 0) };
}

/** Overlapping seals joined, clipped to [0, totalMs]. */
function mergedSeals(dir: string, totalMs: number): Array<{ fromMs: number; toMs: number }> {
  const out: Array<{ fromMs: number; toMs: number }> = [];
  for (const x of activeSeals(dir).sort((a, b) => a.fromMs - b.fromMs)) {
    const r = { fromMs: Math.max(0, x.fromMs), toMs: Math.min(totalMs, x.toMs) };
    if (r.toMs <= r.fromMs) continue;
    const last = out[out.length - 1];
    if (last && r.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, r.toMs);
    else out.push(r);
  }
  return out;
}

function wallAt(segments: SegmentInfo[], frame: number, rate: number, fallback: string): number {
  const seg = segments.find((g) => (g.startFrame ?? 0) <= frame && frame < (g.startFrame ?? 0) + (g.frames ?? 0)) ?? segments[0];
  const base = Date.parse(seg?.startedAt ?? fallback);
  return base + ((frame - (seg?.startFrame ?? 0)) / rate) * 1000;
}

function pictureOf(s: SessionFiles, fromMs: number, toMs: number): MediaPart['video'] {
  const video = s.tracks.filter((t) => t.kind === 'video');
  const main = video.find((t) => t.source !== 'screen');
  const screen = video.find((t) => t.source === 'screen');
  const layers: MediaPart['video'] = [];
  for (const track of [screen, main]) {
    if (!track) continue;
    const segments = byIndex(s, track.id).filter((g) => s.allowed.has(g.file) && videoSpan(g).from < toMs && videoSpan(g).to > fromMs);
    if (segments.length) layers.push({ track, segments });
  }
  return layers;
}

/** Even dimensions no larger than 1280x720, from the first camera (else screen) that states its size. */
function frameSize(sessions: SessionFiles[]): CopyPlan['size'] {
  const tracks = sessions.flatMap((s) => s.tracks.filter((t) => t.kind === 'video'));
  const t = tracks.find((x) => x.source !== 'screen' && x.width && x.height) ?? tracks.find((x) => x.width && x.height);
  if (!t?.width || !t.height) return DEFAULT_SIZE;
  const k = Math.min(1, MAX_SIZE.width / t.width, MAX_SIZE.height / t.height);
  const even = (n: number) => Math.max(2, Math.round((n * k) / 2) * 2);
  return { width: even(t.width), height: even(t.height) };
}

export function planCopy(sessions: SessionFiles[], o: { maxPartS?: number } = {}): CopyPlan {
  const plan: CopyPlan = { parts: [], sessions: [], removed: [], recordedMs: 0, sealedMs: 0, size: frameSize(sessions) };
  for (const s of sessions) {
    const isAudio = (t: TrackInfo): t is AudioTrack => t.kind === 'audio' && !!t.sampleRate && !!t.channels;
    const audio = s.tracks.find((t): t is AudioTrack => isAudio(t) && t.id !== CONFERENCE_TRACK);
    if (!audio) continue;
    const rate = audio.sampleRate;
    const audioSegments = byIndex(s, audio.id).filter((g) => s.allowed.has(g.file));
    // Frame N of the conference is frame N of the room only at one rate (the recorder makes it so).
    const confTrack = s.tracks.find((t): t is AudioTrack => isAudio(t) && t.id === CONFERENCE_TRACK && t.sampleRate === rate);
    const confSegments = confTrack ? byIndex(s, confTrack.id).filter((g) => s.allowed.has(g.file)) : [];
    const conference = confTrack && confSegments.length ? { track: confTrack, segments: confSegments } : null;
    const totalFrames = audioSegments.reduce((n, g) => Math.max(n, (g.startFrame ?? 0) + (g.frames ?? 0)), 0);
    if (!totalFrames) continue;
    const totalMs = (totalFrames / rate) * 1000;
    const chain = readChain(path.join(s.dir, CHAIN_FILE)).entries;
    const anchor = currentAnchor(s.dir);
    plan.sessions.push({ sessionId: s.sessionId, manifestSha256: 'manifestSha256' in anchor ? anchor.manifestSha256 : null, chainLength: chain.length, chainHead: chain[chain.length - 1]?.hash ?? '', recordedMs: Math.round(totalMs), audioTracks: conference ? [audio.id, conference.track.id] : [audio.id] });
    plan.recordedMs += totalMs;
    const seals = mergedSeals(s.dir, totalMs);
    // Long pieces in parts of at most 10 minutes: each part's audio is cut to a temporary WAV (all
    // channels: 8 microphones for 3 hours would be 8 GB at once) and encoded on its own.
    const step = (o.maxPartS ?? MAX_PART_S) * rate;
    const pieces = piecesAround({ from: 0, to: totalFrames }, seals, rate).flatMap((p) => Array.from({ length: Math.ceil((p.to - p.from) / step) }, (_, i) => ({ from: p.from + i * step, to: Math.min(p.to, p.from + (i + 1) * step) })));
    const events: Array<{ at: number; part: CopyPart }> = [];
    for (const p of pieces) {
      const fromMs = (p.from / rate) * 1000;
      const toMs = (p.to / rate) * 1000;
      const part: MediaPart = { kind: 'media', session: s, audio, audioSegments, conference, fromFrame: p.from, toFrame: p.to, fromMs, toMs, wallMs: wallAt(audioSegments, p.from, rate, s.startedAt), video: pictureOf(s, fromMs, toMs) };
      events.push({ at: fromMs, part });
    }
    for (const x of seals) {
      events.push({ at: x.fromMs, part: { kind: 'card', sessionId: s.sessionId, fromMs: x.fromMs, toMs: x.toMs } });
      plan.removed.push({ sessionId: s.sessionId, fromMs: Math.round(x.fromMs), toMs: Math.round(x.toMs) });
      plan.sealedMs += x.toMs - x.fromMs;
    }
    plan.parts.push(...events.sort((a, b) => a.at - b.at).map((e) => e.part));
  }
  plan.recordedMs = Math.round(plan.recordedMs);
  plan.sealedMs = Math.round(plan.sealedMs);
  return plan;
}
