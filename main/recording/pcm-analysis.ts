import { ROOM_TEST } from './thresholds';

// The numbers behind a microphone's verdict, from interleaved 16-bit PCM: levels, the noise
// floor (a low percentile of 20 ms window RMS) and speech level (a high one of 100 ms windows), full-scale samples, the share of
// power at the mains frequency and its harmonics (Goertzel over 1 s blocks), and the normalised
// correlation between channels. Pure functions, so generated signals test them exactly.

export const FLOOR_DB = -120;

export interface ChannelStats {
  rmsDb: number;
  peakDb: number;
  noiseFloorDb: number;
  speechDb: number;
  /** Loudest 100 ms window, dBFS. */
  maxWindowDb: number;
  clippedSamples: number;
  humShare: number;
}

export function dbfs(linear: number): number {
  return linear <= 0 ? FLOOR_DB : Math.max(FLOOR_DB, 20 * Math.log10(linear / 32768));
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return FLOOR_DB;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * (sorted.length - 1))))]!;
}

/** One channel (0-based) of interleaved PCM as floats. */
export function channelOf(pcm: Int16Array, channels: number, ch: number): Float32Array {
  const n = Math.floor(pcm.length / channels);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = pcm[i * channels + ch]!;
  return out;
}

/** Power of the sinusoid at `freq` in `x[from, from+n)` (Goertzel): amplitude² / 2. */
function tonePower(x: Float32Array, from: number, n: number, freq: number, rate: number): number {
  const w = (2 * Math.PI * freq) / rate;
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = x[from + i]! + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const mag2 = s1 * s1 + s2 * s2 - c * s1 * s2;
  const amp = (2 * Math.sqrt(Math.max(0, mag2))) / n;
  return (amp * amp) / 2;
}

/** Mean power at the mains frequency and its harmonics (`hum`) and in all (`total`), summed over whole 1 s blocks. */
export function humPower(x: Float32Array, rate: number, t = ROOM_TEST): { hum: number; total: number } {
  const block = rate; // 1 s: 1 Hz bins, the mains frequency and every harmonic fall on one
  let hum = 0;
  let total = 0;
  for (let from = 0; from + block <= x.length; from += block) {
    let p = 0;
    for (let i = from; i < from + block; i++) p += x[i]! * x[i]!;
    total += p / block;
    // Each harmonic with its two neighbouring 1 Hz bins: the grid's frequency wanders a few tenths
    // of a hertz, and a dropout in capture (a phase jump inside the block) spreads a tone into them.
    for (let h = 1; h <= t.humHarmonics; h++) for (let d = -1; d <= 1; d++) hum += tonePower(x, from, block, t.mainsHz * h + d, rate);
  }
  return { hum, total };
}

/** Share (0..1) of the signal's power at the mains frequency and its harmonics. */
export function humShare(x: Float32Array, rate: number, t = ROOM_TEST): number {
  const { hum, total } = humPower(x, rate, t);
  return total > 0 ? Math.min(1, hum / total) : 0;
}

/** The magnitude (of 32768) at and above which a sample is at full scale. */
export function clipLevel(t = ROOM_TEST): number {
  return 32768 * 10 ** (t.clipDb / 20);
}

/** RMS (dBFS) of consecutive windows of `win` samples, sorted; a last window over half full counts. */
function windowLevels(x: Float32Array, win: number): number[] {
  const out: number[] = [];
  for (let o = 0; o < x.length; o += win) {
    const n = Math.min(win, x.length - o);
    if (n <= win / 2 && out.length) break;
    let s = 0;
    for (let i = o; i < o + n; i++) s += x[i]! * x[i]!;
    out.push(dbfs(Math.sqrt(s / n)));
  }
  return out.sort((a, b) => a - b);
}

export function channelStats(x: Float32Array, rate: number, t = ROOM_TEST): ChannelStats {
  const clipAt = clipLevel(t);
  let sum = 0;
  let peak = 0;
  let clipped = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const a = Math.abs(v);
    sum += v * v;
    if (a > peak) peak = a;
    if (a >= clipAt) clipped++;
  }
  const windows = windowLevels(x, Math.max(1, Math.round((rate * t.windowMs) / 1000)));
  const floors = windowLevels(x, Math.max(1, Math.round((rate * t.floorWindowMs) / 1000)));
  return {
    rmsDb: dbfs(Math.sqrt(sum / Math.max(1, x.length))),
    peakDb: dbfs(peak),
    noiseFloorDb: percentile(floors, t.noiseFloorPercentile),
    speechDb: percentile(windows, t.speechPercentile),
    maxWindowDb: windows.length ? windows[windows.length - 1]! : FLOOR_DB,
    clippedSamples: clipped,
    humShare: humShare(x, rate, t),
  };
}

/** Normalised correlation at lag 0 (-1..1); 0 when either is silent. */
export function correlation(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n || 1;
  mb /= n || 1;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]! - ma;
    const y = b[i]! - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
