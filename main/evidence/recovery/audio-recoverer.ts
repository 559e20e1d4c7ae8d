import fs from 'node:fs';
import path from 'node:path';
import { syncDir } from '../../fs/durable';
import type { SegmentInfo, TrackInfo } from '../chain';
import { segmentMeta } from '../bwf';
import { bwfHeader, repairWav } from '../wav';
import { removeFile, type TrackRecoverer } from './track-recoverer';

// Audio after a crash: a WAV part file gets the sizes that match the samples actually on disk
// (a torn last frame is cut) and its final name; its place on the track follows from the
// chain's `open` entry, or from the segment before it. Its bext and iXML chunks stay as the
// recorder wrote them; only a header torn before it reached the disk is rebuilt, from the same
// chain entries the recorder wrote it from.

export const audioRecoverer: TrackRecoverer = {
  extensions: ['wav'],
  canRecover: (track) => Boolean(track.channels && track.sampleRate),
  recover(f, ctx) {
    const { dir, track, opened, previous: prev, session } = ctx;
    const rate = track.sampleRate!;
    const startFrame = opened?.startFrame ?? (prev ? (prev.startFrame ?? 0) + (prev.frames ?? 0) : 0);
    const startedAt = opened?.startedAt ?? (prev ? new Date(Date.parse(prev.startedAt) + ((prev.frames ?? 0) / rate) * 1000).toISOString() : session.createdAt);
    const fix = repairWav(path.join(dir, f.name), { rebuild: () => bwfHeader(segmentMeta(session, track, f.index, f.finalName, startedAt)) });
    if (fix.frames === 0) {
      removeFile(dir, f.name);
      ctx.log.warn({ sessionId: ctx.sessionId, file: f.name }, 'recovery: removed an empty segment');
      return Promise.resolve(null);
    }
    if (f.part) {
      fs.renameSync(path.join(dir, f.name), path.join(dir, f.finalName));
      syncDir(dir);
    }
    ctx.log.warn({ sessionId: ctx.sessionId, file: f.finalName, frames: fix.frames, truncatedBytes: fix.truncatedBytes }, 'recovery: closed a segment left by a crash');
    return Promise.resolve({ frames: fix.frames, startFrame, startedAt });
  },
};

/** Where the audio (the session's timeline) ends: wall time of its last sample, and its position. */
export function audioEnd(tracks: TrackInfo[], segments: SegmentInfo[]): { lastAudioMs: number | null; position: number } {
  const audio = tracks.find((t) => t.kind === 'audio');
  if (!audio?.sampleRate) return { lastAudioMs: null, position: 0 };
  const segs = segments.filter((s) => s.track === audio.id);
  const last = segs[segs.length - 1];
  return {
    lastAudioMs: last ? Date.parse(last.startedAt) + ((last.frames ?? 0) / audio.sampleRate) * 1000 : null,
    position: segs.reduce((a, s) => a + (s.frames ?? 0), 0) / audio.sampleRate,
  };
}
