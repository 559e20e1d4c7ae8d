// Where a capture run's frames fall on the system clock, for putting two capture clocks (the
// room's microphones, the conference's sound) on one timeline.
//
// A chunk arrives after its last sample was captured, so `arrival − framesEnd / rate` (the
// chunk's offset) is the run's true start plus that chunk's delay. Delays only ever add, so the
// smallest offset ever seen is the start plus the pipeline's least delay. It is the smallest
// over the whole run, not over a recent window: measured here, a loaded machine makes a capture
// deliver later and later for the rest of the run (the microphones' least delay rose by 44 ms
// after 30 s and by 121 ms after 170 s while the conference's stayed within 10 ms), because a
// backlog smaller than one period is never read out. A window of a minute forgot the early low
// points and took that rise for the start, and the two tracks parted by 46 to 106 ms; the
// whole run's minimum stayed within a millisecond.
//
// What a minimum cannot follow is a capture clock slower than the system clock: its offsets
// grow. So the drift is measured (the lower convex hull of the per-second minima, its slope at
// the middle of each half of the run) and, when both halves agree on a rate a sound device can
// have, the minimum is taken along that slope. A rise of the delay is not a line, its halves
// disagree or read a rate no crystal has, and it leaves the estimate alone.

const BUCKET_MS = 1000;
/** Drift is measured once the run is this long: two halves of a minute each. */
const DRIFT_AFTER_MS = 2 * 60_000;
/** Two sound devices' crystals differ by at most about 100 ppm; a steeper slope is a rising delay. */
const DRIFT_MAX_PPM = 150;
/** How far the two halves' slopes may differ: 20 ppm, or what 3 ms of noise over a half reads as. */
const AGREE_PPM = 20;
const AGREE_NOISE_MS = 3;
/** Drift is reported (not only used) from 10 minutes on; before, a few ms read as tens of ppm. */
const REPORT_AFTER_MS = 10 * 60_000;

export interface ClockReading {
  /** System time (ms) of this run's frame 0, as now estimated. */
  startMs: number;
  /** Drift of the capture clock against the system clock so far, parts per million; null for the first 10 minutes. */
  driftPpm: number | null;
}

interface Point {
  at: number;
  offset: number;
}

export class ClockEstimate {
  /** The smallest offset of each closed second of the run. */
  private readonly seconds: Point[] = [];
  private open: (Point & { sec: number }) | null = null;
  private first: number | null = null;
  /** Offset change per ms of system time (positive: the capture clock is slow). */
  private slope = 0;
  /** min over the closed seconds of (offset − slope · (at − first)). */
  private base = Infinity;

  constructor(readonly sampleRate: number) {}

  /** A chunk ending at run frame `framesEnd` arrived at system time `arrivalMs`. */
  observe(arrivalMs: number, framesEnd: number): void {
    const offset = arrivalMs - (framesEnd / this.sampleRate) * 1000;
    this.first ??= arrivalMs;
    const sec = Math.floor(arrivalMs / BUCKET_MS);
    if (this.open && this.open.sec === sec) {
      if (offset < this.open.offset) this.open = { sec, at: arrivalMs, offset };
      return;
    }
    if (this.open) this.close(this.open);
    this.open = { sec, at: arrivalMs, offset };
  }

  get observed(): boolean {
    return this.open !== null;
  }

  /** System time (ms) of this run's frame 0 as seen at system time `nowMs`. */
  startAt(nowMs: number): number {
    return this.least() + this.slope * (nowMs - (this.first ?? nowMs));
  }

  /** System time (ms) of a frame of this run. */
  wallOfFrame(frame: number): number {
    const first = this.first ?? 0;
    // w = startAt(w) + frame time, and startAt grows with w at `slope`.
    return first + (this.least() - first + (frame / this.sampleRate) * 1000) / (1 - this.slope);
  }

  /** The run frame (fractional) captured at system time `wallMs`. */
  frameAt(wallMs: number): number {
    return ((wallMs - this.startAt(wallMs)) / 1000) * this.sampleRate;
  }

  /** The least offset along the slope, at the run's first arrival (the open second included). */
  private least(): number {
    if (!this.open) return this.base;
    return Math.min(this.base, this.open.offset - this.slope * (this.open.at - this.first!));
  }

  /** The drift in use, ppm (0 until both halves of the run agree on one). */
  get usedDriftPpm(): number {
    return -this.slope * 1e6;
  }

  reading(nowMs: number): ClockReading {
    const span = this.first === null ? 0 : nowMs - this.first;
    return { startMs: this.startAt(nowMs), driftPpm: span >= REPORT_AFTER_MS ? Math.round(this.usedDriftPpm * 10) / 10 : null };
  }

  private close(p: Point): void {
    this.seconds.push({ at: p.at, offset: p.offset });
    const first = this.first!;
    const span = p.at - first;
    if (span >= DRIFT_AFTER_MS) {
      const mid = first + span / 2;
      const a = hullSlopeAt(this.seconds.filter((s) => s.at <= mid), first + span / 4);
      const b = hullSlopeAt(this.seconds.filter((s) => s.at >= mid), first + (3 * span) / 4);
      const tolerance = Math.max(AGREE_PPM * 1e-6, AGREE_NOISE_MS / (span / 2));
      if (a !== null && b !== null && Math.abs(a - b) <= tolerance) {
        const s = (a + b) / 2;
        if (Math.abs(s) <= DRIFT_MAX_PPM * 1e-6 && s !== this.slope) {
          this.slope = s;
          this.base = this.seconds.reduce((m, q) => Math.min(m, q.offset - s * (q.at - first)), Infinity);
          return;
        }
      }
    }
    this.base = Math.min(this.base, p.offset - this.slope * (p.at - first));
  }
}

/** The slope of the lower convex hull of `pts` (in time order) at time `t`; null with fewer than two points. */
export function hullSlopeAt(pts: readonly Point[], t: number): number | null {
  const h: Point[] = [];
  for (const p of pts) {
    while (h.length >= 2) {
      const a = h[h.length - 2]!;
      const b = h[h.length - 1]!;
      // b is above the chord a–p: not on the lower hull.
      if ((b.offset - a.offset) * (p.at - a.at) >= (p.offset - a.offset) * (b.at - a.at)) h.pop();
      else break;
    }
    h.push(p);
  }
  if (h.length < 2) return null;
  for (let i = 1; i < h.length; i++) {
    if (h[i]!.at >= t || i === h.length - 1) return (h[i]!.offset - h[i - 1]!.offset) / (h[i]!.at - h[i - 1]!.at);
  }
  return null;
}
