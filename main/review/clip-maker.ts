import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ClipResult } from '../../common/contract/review';
import { HattamaError } from '../../common/errors';
import { CHAIN_FILE, readChain } from '../evidence/chain';
import { CLIP_FORMAT, signClip, writeClipManifest, type ClipFile, type ClipManifest } from '../evidence/clip-manifest';
import { summarizeChain } from '../evidence/manifest';
import { activeSeals, currentAnchor } from '../evidence/seals';
import { newSessionId } from '../evidence/session-folder';
import { syncDir } from '../fs/durable';
import type { StationKey } from '../keys/station-key';
import { cutAudio } from './clip-audio';
import { cutVideo } from './clip-video';
import { clock, requireSession } from './seal-calls';

// review.clip: an excerpt of one session into DATA/clips/<id>/ (generated name; the CLI copies
// it to its --out). The range is cut around every sealed range inside it (listed in the clip
// manifest as excluded), or refused when the caller asked not to exclude them: a sealed part is
// never silently included. Each piece left is one file per track: audio sample-exact (the
// microphones' and the conference's alike, on the same frames), video from the first keyframe in
// the piece. Then the clip manifest, signed by the station key.

export const CLIPS_DIR = 'clips';

export interface ClipRequest {
  sessionId: string;
  fromMs: number;
  toMs: number;
  tracks?: string[];
  excludeSealed?: boolean;
  by: { personId: number | null; name: string };
}

/** The frames of `range` left once every sealed range is taken out (a seal's edges rounded outwards, so no sealed sample is kept). */
export function piecesAround(range: { from: number; to: number }, seals: ReadonlyArray<{ fromMs: number; toMs: number }>, rate: number): Array<{ from: number; to: number }> {
  let pieces = [range];
  for (const x of seals) {
    const a = Math.floor((x.fromMs * rate) / 1000);
    const b = Math.ceil((x.toMs * rate) / 1000);
    pieces = pieces.flatMap((p) => (b <= p.from || a >= p.to ? [p] : [...(a > p.from ? [{ from: p.from, to: a }] : []), ...(b < p.to ? [{ from: b, to: p.to }] : [])]));
  }
  return pieces.filter((p) => p.to > p.from);
}

export async function makeClip(dataDir: string, req: ClipRequest, key: StationKey, now: Date): Promise<ClipResult> {
  const s = requireSession(dataDir, req.sessionId);
  if (req.toMs <= req.fromMs) throw new HattamaError('review.badRange', { from: clock(req.fromMs), to: clock(req.toMs) }, [{ path: 'toMs', message: '>' }]);
  const chain = readChain(path.join(s.dir, CHAIN_FILE)).entries;
  const info = summarizeChain(chain).session;
  const audio = s.tracks.find((t) => t.kind === 'audio' && t.sampleRate && t.channels);
  const tracks = req.tracks ?? s.tracks.map((t) => t.id);
  for (const id of tracks) if (!s.tracks.some((t) => t.id === id)) throw new HattamaError('review.noSuchTrack', { track: id }, [{ path: 'tracks', message: id }]);

  // Sealed ranges inside the range: refused, or cut around.
  const seals = activeSeals(s.dir).filter((x) => x.toMs > req.fromMs && x.fromMs < req.toMs);
  if (seals.length && req.excludeSealed === false) {
    const first = seals[0]!;
    throw new HattamaError('review.clipOverSealed', { from: clock(first.fromMs), to: clock(first.toMs) });
  }
  // Pieces in audio frames (a seal's edges rounded outwards, so no sealed sample is taken), or ms without audio.
  const rate = audio?.sampleRate ?? 1000;
  const segsOf = (track: string) => s.segments.filter((g) => g.track === track).sort((a, b) => a.index - b.index);
  const totalFrames = audio ? segsOf(audio.id).reduce((n, g) => Math.max(n, (g.startFrame ?? 0) + (g.frames ?? 0)), 0) : Math.round(req.toMs);
  const pieces = piecesAround({ from: Math.round((req.fromMs * rate) / 1000), to: Math.min(Math.round((req.toMs * rate) / 1000), totalFrames) }, seals, rate);
  if (!pieces.length) throw new HattamaError('review.clipEmpty', {});

  const clipId = newSessionId();
  const dir = path.join(dataDir, CLIPS_DIR, clipId);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files: ClipFile[] = [];
  try {
    for (const [i, p] of pieces.entries()) {
      const n = String(i + 1).padStart(2, '0');
      for (const id of tracks) {
        const t = s.tracks.find((x) => x.id === id)!;
        if (t.kind === 'audio' && t.sampleRate && t.channels) {
          // Every audio file spans the piece, silence where its track lost a segment (the
          // conference's, say), so the tracks stay in step; none for a track with nothing in it.
          const held = segsOf(id).some((g) => (g.startFrame ?? 0) < p.to && (g.startFrame ?? 0) + (g.frames ?? 0) > p.from);
          if (held) files.push(cutAudio({ dir, sessionDir: s.dir, file: `${id}-${n}.wav`, track: id, sampleRate: t.sampleRate, channels: t.channels, segments: segsOf(id), fromFrame: p.from, toFrame: p.to, fill: true }));
        } else if (t.kind === 'video') {
          const fromMs = (p.from / rate) * 1000;
          const toMs = (p.to / rate) * 1000;
          const overlapping = segsOf(id).filter((g) => (g.position ?? 0) * 1000 < toMs && (g.position ?? 0) * 1000 + (g.durationMs ?? 0) > fromMs);
          for (const [j, g] of overlapping.entries()) {
            const ext = path.extname(g.file).slice(1) || t.format;
            const v = await cutVideo({ dir, sessionDir: s.dir, file: `${id}-${n}${overlapping.length > 1 ? `-${j + 1}` : ''}.${ext}`, track: id, segment: g, fromMs, toMs });
            if (v) files.push(v);
          }
        }
      }
    }
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    if (e instanceof HattamaError) throw e;
    throw new HattamaError('review.clipFailed', { detail: (e as Error).message.split('\n')[0] ?? '' }, undefined, { cause: e });
  }
  const anchor = currentAnchor(s.dir);
  const last = chain[chain.length - 1];
  const manifest: ClipManifest = {
    format: CLIP_FORMAT,
    clipId,
    createdAt: now.toISOString(),
    createdBy: req.by,
    source: {
      sessionId: s.sessionId,
      stationId: info?.stationId ?? '',
      court: info?.court ?? '',
      courtroom: info?.courtroom ?? '',
      caseRef: info?.caseRef ?? null,
      hearingId: info?.hearingId ?? null,
      manifestSha256: 'manifestSha256' in anchor ? anchor.manifestSha256 : null,
      chainLength: chain.length,
      chainHead: last?.hash ?? '',
    },
    requested: { fromMs: req.fromMs, toMs: req.toMs },
    excluded: seals.map((x) => ({ seq: x.seq, fromMs: x.fromMs, toMs: x.toMs, reason: x.reason })),
    files,
  };
  const file = writeClipManifest(dir, signClip(manifest, key));
  syncDir(dir);
  return {
    clipId,
    dir,
    files: files.map((f) => f.file),
    excluded: manifest.excluded.map(({ seq, fromMs, toMs }) => ({ seq, fromMs, toMs })),
    manifestSha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
  };
}
