import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { syncFile } from '../fs/durable';

// Closed video segments are remuxed with ffmpeg (-c copy: the encoded frames are not touched):
// MediaRecorder writes WebM without duration or cues and MP4 as fragments, so a player could
// not seek in them. The remuxed file is what the chain hashes and `hattama verify` checks; the
// hash of the bytes as received is kept beside it in the chain (sourceSha256).

export const REMUX_SUFFIX = '.remux';

export interface RemuxResult {
  ok: boolean;
  detail: string;
}

function remuxArgs(input: string, output: string, ext: string): string[] {
  const fmt = ext === 'mp4' ? ['-f', 'mp4', '-movflags', '+faststart'] : ['-f', 'webm'];
  return ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-fflags', '+genpts', '-i', input, '-map', '0', '-c', 'copy', ...fmt, output];
}

/** ffmpeg -c copy from `input` into `output` (written under a temporary name, then renamed). */
export function remux(input: string, output: string, ext: string): Promise<RemuxResult> {
  const tmp = output + REMUX_SUFFIX;
  return new Promise((resolve) => {
    let err = '';
    const p = spawn('ffmpeg', remuxArgs(input, tmp, ext), { stdio: ['ignore', 'ignore', 'pipe'] });
    p.stderr.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-2000)));
    p.on('error', (e) => {
      fs.rmSync(tmp, { force: true });
      resolve({ ok: false, detail: e.message });
    });
    p.on('close', (code) => {
      if (code === 0 && fs.existsSync(tmp) && fs.statSync(tmp).size > 0) {
        syncFile(tmp);
        fs.renameSync(tmp, output);
        resolve({ ok: true, detail: err.trim() });
      } else {
        fs.rmSync(tmp, { force: true });
        resolve({ ok: false, detail: err.trim() || `ffmpeg exit ${code}` });
      }
    });
  });
}

/** Duration in milliseconds as ffprobe reads the container, null when it cannot. */
export function probeDurationMs(file: string): Promise<number | null> {
  return new Promise((resolve) => {
    let out = '';
    const p = spawn('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { stdio: ['ignore', 'pipe', 'ignore'] });
    p.stdout.on('data', (b: Buffer) => (out += b.toString()));
    p.on('error', () => resolve(null));
    p.on('close', () => resolve(parseDuration(out)));
  });
}

function parseDuration(s: string): number | null {
  const n = Number.parseFloat(s.trim());
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : null;
}
