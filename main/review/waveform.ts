import fs from 'node:fs';
import path from 'node:path';
import { CONFERENCE_TRACK } from '../../common/contract/recording';
import type { Waveform } from '../../common/contract/review-aids';
import { BYTES_PER_SAMPLE, readWavInfo } from '../evidence/wav';
import type { SessionFiles } from '../evidence/session-reader';

// The waveform overview of a session: each audio segment is read once into "fine" peaks (the
// loudest sample of each channel per FINE_MS), kept in memory by the segment's SHA-256 (a
// closed segment never changes; a changed file has another hash and is read again), and the
// fine peaks are folded into the buckets asked for. Reading yields to the event loop between
// chunks, so an hour of eight microphones does not hold up the core's other calls.

export const FINE_MS = 50;
const READ_BYTES = 1 << 20;
const CACHE_SEGMENTS = 400;

/** Peak per channel per FINE_MS of one segment, as 0…32768 (channel-major). */
interface FinePeaks {
  channels: number;
  cells: number;
  peaks: Uint16Array;
}

const cache = new Map<string, FinePeaks>();

async function finePeaks(file: string, sha256: string): Promise<FinePeaks> {
  const hit = cache.get(sha256);
  if (hit) {
    cache.delete(sha256);
    cache.set(sha256, hit); // most recently used last
    return hit;
  }
  const info = readWavInfo(file);
  const block = info.channels * BYTES_PER_SAMPLE;
  const framesPerCell = Math.max(1, Math.round((info.sampleRate * FINE_MS) / 1000));
  const frames = Math.floor(info.declaredDataBytes / block);
  const cells = Math.ceil(frames / framesPerCell);
  const peaks = new Uint16Array(cells * info.channels);
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(READ_BYTES - (READ_BYTES % block));
    let frame = 0;
    while (frame < frames) {
      const want = Math.min(buf.length, (frames - frame) * block);
      const { bytesRead } = await fh.read(buf, 0, want, info.dataOffset + frame * block);
      const got = Math.floor(bytesRead / block);
      if (got <= 0) break; // shorter than its header says: what is there is drawn
      const s16 = new Int16Array(buf.buffer, buf.byteOffset, got * info.channels);
      for (let f = 0; f < got; f++) {
        const cell = ((frame + f) / framesPerCell) | 0;
        const base = f * info.channels;
        for (let c = 0; c < info.channels; c++) {
          const x = s16[base + c]!;
          const v = x < 0 ? -x : x;
          const at = c * cells + cell;
          if (v > peaks[at]!) peaks[at] = v;
        }
      }
      frame += got;
    }
  } finally {
    await fh.close();
  }
  const out = { channels: info.channels, cells, peaks };
  cache.set(sha256, out);
  if (cache.size > CACHE_SEGMENTS) cache.delete(cache.keys().next().value!);
  return out;
}

/** 0 at −60 dBFS or quieter, 100 at full scale. */
export function level(peak: number): number {
  if (peak <= 0) return 0;
  const db = 20 * Math.log10(peak / 32768);
  return Math.max(0, Math.min(100, Math.round(((db + 60) / 60) * 100)));
}

/**
 * The session's overview in about `buckets` values. `withheld` ranges (ms) come back as null in
 * every row: a sealed part's loudness is not shown to someone who may not hear it.
 */
export async function sessionWaveform(s: SessionFiles, buckets: number, withheld: ReadonlyArray<{ fromMs: number; toMs: number }>): Promise<Waveform> {
  const audio = s.tracks.find((t) => t.kind === 'audio');
  const rate = audio?.sampleRate ?? 0;
  const segs = segmentsOf(s, audio?.id ?? 'audio');
  const last = segs[segs.length - 1];
  const durationMs = last && rate ? (((last.startFrame ?? 0) + (last.frames ?? 0)) / rate) * 1000 : 0;
  const bucketMs = Math.max(FINE_MS, Math.ceil(durationMs / buckets / FINE_MS) * FINE_MS);
  const n = Math.ceil(durationMs / bucketMs);
  const hidden = (b: number) => withheld.some((w) => b * bucketMs < w.toMs && (b + 1) * bucketMs > w.fromMs);
  const grid = { n, bucketMs, hidden };
  const rows = await trackRows(s, segs, audio?.channels ?? 0, rate, grid);
  // The conference's sound, on the same timeline: one row, its loudest channel.
  const conf = s.tracks.find((t) => t.id === CONFERENCE_TRACK && t.kind === 'audio' && t.sampleRate && t.channels);
  const conference = conf ? loudest(await trackRows(s, segmentsOf(s, conf.id), conf.channels!, conf.sampleRate!, grid), grid) : null;
  const mix = loudest(conference ? [...rows, conference] : rows, grid);
  return { sessionId: s.sessionId, bucketMs, mix, channels: rows, conference, withheld: withheld.map((w) => ({ fromMs: w.fromMs, toMs: w.toMs })) };
}

interface Grid {
  n: number;
  bucketMs: number;
  hidden: (bucket: number) => boolean;
}

function segmentsOf(s: SessionFiles, track: string) {
  return s.segments.filter((g) => g.track === track && s.allowed.has(g.file) && g.frames !== undefined);
}

/** Per channel of one track, its level per bucket (null where withheld). */
async function trackRows(s: SessionFiles, segs: ReturnType<typeof segmentsOf>, channels: number, rate: number, grid: Grid): Promise<Array<Array<number | null>>> {
  const { n, bucketMs } = grid;
  const peak = Array.from({ length: channels }, () => new Uint16Array(n));
  const covered = new Uint8Array(n);
  if (n === 0 || !rate) return peak.map(() => []);
  for (const g of segs) {
    const fine = await finePeaks(path.join(s.dir, g.file), g.sha256);
    const startMs = ((g.startFrame ?? 0) / rate) * 1000;
    for (let c = 0; c < Math.min(channels, fine.channels); c++) {
      const row = peak[c]!;
      for (let i = 0; i < fine.cells; i++) {
        const b = Math.min(n - 1, Math.floor((startMs + i * FINE_MS) / bucketMs));
        covered[b] = 1;
        const v = fine.peaks[c * fine.cells + i]!;
        if (v > row[b]!) row[b] = v;
      }
    }
  }
  return peak.map((row) => Array.from(row, (v, b) => (grid.hidden(b) ? null : covered[b] ? level(v) : 0)));
}

/** The loudest of several rows per bucket (null where withheld). */
function loudest(rows: Array<Array<number | null>>, grid: Grid): Array<number | null> {
  return Array.from({ length: grid.n }, (_, b) => (grid.hidden(b) ? null : rows.reduce<number>((m, r) => Math.max(m, r[b] ?? 0), 0)));
}
