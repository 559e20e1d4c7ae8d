// Where a capture run's frames fall on the system clock, for putting two capture clocks (the
// room's microphones, the conference's sound) on one timeline.
//
// A chunk arrives after its last sample was captured, so `arrival − framesEnd / rate` is the
// run's true start plus that chunk's delay (pipe, scheduling, garbage collection). Delays only
// ever add, so the smallest value seen is the start plus the pipeline's least delay, free of the
// jitter that the first chunk alone carries. Minima are kept per one-second bucket and the
// estimate is the smallest over the last `windowMs`. The window is a minute: a loaded
// PulseAudio delivers in a sawtooth (measured here: the per-second minimum climbs from 12 to
// 100 ms and drops back every 10 to 13 s), and a window must hold several of its low points —
// with 10 s the two clocks' estimates parted by up to 90 ms, with 30 s by up to 16. A fitted
// line under the low points (offset and skew together) was tried and was worse: the skew of a
// few noisy low points, carried forward, read errors of 50 ms. A window that rolls (not the
// first seconds forever) follows drift: a capture clock slow against the system clock by
// 100 ppm is followed 6 ms late at most, a fast one at once.

const BUCKET_MS = 1000;
const DRIFT_AFTER_MS = 10 * 60_000;

export interface ClockReading {
  /** System time (ms) of this run's frame 0, as now estimated. */
  startMs: number;
  /** Drift of the capture clock against the system clock so far, parts per million; null for the first 10 minutes, while
   * the estimate's few milliseconds of uncertainty would still read as tens of ppm. */
  driftPpm: number | null;
}

export class ClockEstimate {
  /** The smallest offset of each second of system time (`sec`: ms since the epoch / 1000, floored). */
  private readonly buckets: Array<{ sec: number; at: number; offset: number }> = [];
  /** The first window's estimate, and when: the reference for the drift. */
  private first: { at: number; offset: number } | null = null;
  private best = Infinity;

  constructor(
    readonly sampleRate: number,
    private readonly windowMs = 60_000,
  ) {}

  /** A chunk ending at run frame `framesEnd` arrived at system time `arrivalMs`. */
  observe(arrivalMs: number, framesEnd: number): void {
    const offset = arrivalMs - (framesEnd / this.sampleRate) * 1000;
    const sec = Math.floor(arrivalMs / BUCKET_MS);
    const last = this.buckets[this.buckets.length - 1];
    if (last && last.sec === sec) last.offset = Math.min(last.offset, offset);
    else this.buckets.push({ sec, at: arrivalMs, offset });
    while (this.buckets.length > 1 && arrivalMs - this.buckets[0]!.at > this.windowMs) this.buckets.shift();
    this.best = Math.min(...this.buckets.map((b) => b.offset));
    if (!this.first || arrivalMs - this.first.at < this.windowMs) this.first = { at: this.first?.at ?? arrivalMs, offset: this.best };
  }

  get observed(): boolean {
    return Number.isFinite(this.best);
  }

  /** System time (ms) of this run's frame 0, as now estimated. */
  get startMs(): number {
    return this.best;
  }

  /**
   * This run's start minus `other`'s, as the median over the seconds both saw of the difference
   * of their smallest offsets (the open second left out); null before 3 such seconds. Two
   * captures fed by one clock share its stalls and bursts, so they cancel in the difference,
   * and the median leaves out a second where one of them alone was late or early.
   */
  relativeTo(other: ClockEstimate): number | null {
    const theirs = new Map(other.buckets.slice(0, -1).map((b) => [b.sec, b.offset]));
    const d: number[] = [];
    for (const b of this.buckets.slice(0, -1)) {
      const o = theirs.get(b.sec);
      if (o !== undefined) d.push(b.offset - o);
    }
    if (d.length < 3) return null;
    d.sort((x, y) => x - y);
    const m = d.length >> 1;
    return d.length % 2 ? d[m]! : (d[m - 1]! + d[m]!) / 2;
  }

  /** System time (ms) of a frame of this run. */
  wallOfFrame(frame: number): number {
    return this.best + (frame / this.sampleRate) * 1000;
  }

  /** The run frame (fractional) captured at system time `wallMs`. */
  frameAt(wallMs: number): number {
    return ((wallMs - this.best) / 1000) * this.sampleRate;
  }

  reading(nowMs: number): ClockReading {
    const f = this.first;
    const span = f ? nowMs - f.at : 0;
    // The offset grows when the capture clock is slow (fewer frames per system second).
    const driftPpm = f && span >= DRIFT_AFTER_MS ? Math.round((-(this.best - f.offset) / span) * 1e6 * 10) / 10 : null;
    return { startMs: this.best, driftPpm };
  }
}
