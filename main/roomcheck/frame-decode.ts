import { execFileSync } from 'node:child_process';
import type { LumaFrame } from './camera-verdict';

// Decoded frames for a camera's verdict: up to `count` frames, `fps` a second, as 8-bit luma at
// the source's own size (ffprobe reads the size, ffmpeg decodes). Works on a camera's segment
// file or any video ffmpeg opens.

export function probeSize(file: string): { width: number; height: number } | null {
  try {
    const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0:s=x', file], { encoding: 'utf8' }).trim();
    const [w, h] = out.split('x').map(Number);
    return w && h ? { width: w, height: h } : null;
  } catch {
    return null;
  }
}

export function decodeLumaFrames(file: string, opts: { count?: number; fps?: number } = {}): LumaFrame[] {
  const size = probeSize(file);
  if (!size) return [];
  const count = opts.count ?? 10;
  let raw: Buffer;
  try {
    raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', `fps=${opts.fps ?? 2},format=gray`, '-frames:v', String(count), '-f', 'rawvideo', '-'], { maxBuffer: 1 << 30 });
  } catch {
    return [];
  }
  const bytes = size.width * size.height;
  const frames: LumaFrame[] = [];
  for (let o = 0; o + bytes <= raw.length; o += bytes) frames.push({ ...size, luma: new Uint8Array(raw.buffer, raw.byteOffset + o, bytes) });
  return frames;
}
