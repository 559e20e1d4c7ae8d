import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ClipVideoFile } from '../evidence/clip-manifest';
import type { SegmentInfo } from '../evidence/chain';
import { probeDurationMs } from '../evidence/remux';
import { syncFile } from '../fs/durable';
import { hashFileSync } from '../fs/hash-file';

// The video of a clip: stream copy (ffmpeg -c copy, the encoded frames untouched), so a cut can
// only start on a keyframe. It starts on the first keyframe at or after the range's start, never
// before it: a clip that starts where a sealed range ends must not carry the sealed range's last
// frames. It ends at the range's end. The clip manifest says so (`cut: "keyframe"`).

const run = promisify(execFile);

/** Keyframe times of a video file, seconds (ffprobe reads only the keyframes). */
async function keyframes(file: string): Promise<number[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-skip_frame', 'nokey', '-show_entries', 'frame=pts_time,pkt_dts_time', '-of', 'csv=p=0', file], { maxBuffer: 64 << 20 });
  return stdout
    .split('\n')
    .map((l) => Number.parseFloat(l.split(',').find((x) => x && x !== 'N/A') ?? ''))
    .filter((n) => Number.isFinite(n))
    .sort((a, b) => a - b);
}

export interface VideoCut {
  dir: string;
  sessionDir: string;
  file: string;
  track: string;
  segment: SegmentInfo;
  /** The range on the session's timeline, ms. */
  fromMs: number;
  toMs: number;
}

/** Cuts one segment's part of the range; null when no keyframe falls inside it. */
export async function cutVideo(c: VideoCut): Promise<ClipVideoFile | null> {
  const src = path.join(c.sessionDir, c.segment.file);
  const segStart = (c.segment.position ?? 0) * 1000;
  const want = Math.max(0, c.fromMs - segStart) / 1000;
  const end = (c.toMs - segStart) / 1000;
  const start = (await keyframes(src)).find((k) => k >= want - 0.0005);
  if (start === undefined || start >= end) return null;
  const out = path.join(c.dir, c.file);
  const ext = path.extname(c.file).slice(1);
  const fmt = ext === 'mp4' ? ['-f', 'mp4', '-movflags', '+faststart'] : ['-f', 'webm'];
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-n', '-ss', start.toFixed(6), '-i', src, '-t', (end - start).toFixed(6), '-map', '0:v', '-c', 'copy', ...fmt, out]);
  syncFile(out);
  const h = hashFileSync(out);
  return {
    kind: 'video',
    file: c.file,
    track: c.track,
    sha256: h.sha256,
    bytes: h.bytes,
    cut: 'keyframe',
    requestedFromMs: c.fromMs,
    requestedToMs: c.toMs,
    segmentOffsetMs: Math.round(start * 1000),
    durationMs: await probeDurationMs(out),
    source: { file: c.segment.file, sha256: c.segment.sha256, bytes: c.segment.bytes },
  };
}
