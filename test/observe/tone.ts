import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

// Shared by the observation tests: test sound as the recorder would hand it over (mono s16le in
// 125 ms chunks, in real time), and measurements of what comes back out of Opus.

export const RATE = 48_000;
export const CHUNK_MS = 125;
export const CHUNK_SAMPLES = (RATE * CHUNK_MS) / 1000;

/** Chunk `k` (125 ms) of a sine of `amplitude` (0..1 of full scale), phase-continuous across chunks. */
export function toneChunk(k: number, hz = 1000, amplitude = 0.25): Buffer {
  const b = Buffer.alloc(CHUNK_SAMPLES * 2);
  for (let i = 0; i < CHUNK_SAMPLES; i++) b.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * (k * CHUNK_SAMPLES + i)) / RATE)), i * 2);
  return b;
}

/** Calls `write(k)` for k = 0, 1, ... every 125 ms of wall time (catching up on timer drift) until it returns false. */
export function realTime(write: (k: number) => boolean): Promise<void> {
  const t0 = performance.now();
  let k = 0;
  return new Promise((resolve) => {
    const tick = () => {
      while (performance.now() - t0 >= k * CHUNK_MS) {
        if (!write(k++)) return resolve();
      }
      setTimeout(tick, Math.max(1, t0 + k * CHUNK_MS - performance.now()));
    };
    tick();
  });
}

export function samplesOf(pcm: Buffer): Float64Array {
  const out = new Float64Array(pcm.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = pcm.readInt16LE(i * 2) / 32768;
  return out;
}

export function rmsDb(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return 10 * Math.log10(s / x.length || 1e-12);
}

/** The strongest frequency among 50 Hz steps up to 8 kHz (Goertzel), in Hz. */
export function dominantHz(x: Float64Array, rate = RATE): number {
  let best = 0;
  let bestPower = -1;
  for (let f = 50; f <= 8000; f += 50) {
    const w = (2 * Math.PI * f) / rate;
    const c = 2 * Math.cos(w);
    let s1 = 0;
    let s2 = 0;
    for (const v of x) {
      const s0 = v + c * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const power = s1 * s1 + s2 * s2 - c * s1 * s2;
    if (power > bestPower) [best, bestPower] = [f, power];
  }
  return best;
}

/** Decodes an Ogg Opus file's bytes with ffmpeg to mono s16le at 48 kHz. */
export async function decodeOgg(ogg: Buffer, dir: string): Promise<Buffer> {
  const file = path.join(dir, 'stream.ogg');
  fs.writeFileSync(file, ogg);
  const { stdout } = await promisify(execFile)('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-f', 's16le', '-ac', '1', '-ar', String(RATE), 'pipe:1'], { encoding: 'buffer', maxBuffer: 64 << 20 });
  return stdout;
}
