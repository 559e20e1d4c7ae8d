// Where a capture run's frames fall on the system clock, for putting two capture clocks (the
// room's microphones, the conference's sound) on one timeline.
//
// A chunk arrives after its last sample was captured, so `arrival − framesEnd / rate` is the
// run's true start plus that chunk's delay (pipe, scheduling, garbage collection). Delays only
// ever add, so the smallest value seen is the start plus the pipeline's least delay, free of the
// jitter that the first chunk alone carries. Minima are kept per one-second bucket and the
// estimate is the smallest over the last `windowMs` (30 s: long enough to hold the low point of the
// sawtooth a loaded PulseAudio delivers in, measured at 10 to 13 s), so a capture clock that runs fast or slow
// against the system clock (drift, tens of ppm between two sound devices) is followed within
// the window instead of being pinned to its first seconds.

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
  private readonly buckets: Array<{ at: number; offset: number }> = [];
  /** The first window's estimate, and when: the reference for the drift. */
  private first: { at: number; offset: number } | null = null;
  private best = Infinity;

  constructor(
    readonly sampleRate: number,
    private readonly windowMs = 30_000,
  ) {}

  /** A chunk ending at run frame `framesEnd` arrived at system time `arrivalMs`. */
  observe(arrivalMs: number, framesEnd: number): void {
    const offset = arrivalMs - (framesEnd / this.sampleRate) * 1000;
    const last = this.buckets[this.buckets.length - 1];
    if (last && arrivalMs - last.at < BUCKET_MS) last.offset = Math.min(last.offset, offset);
    else this.buckets.push({ at: arrivalMs, offset });
    while (this.buckets.length > 1 && arrivalMs - this.buckets[0]!.at > this.windowMs) this.buckets.shift();
    this.best = Math.min(...this.buckets.map((b) => b.offset));
    if (!this.first || arrivalMs - this.first.at < this.windowMs) this.first = { at: this.first?.at ?? arrivalMs, offset: this.best };
  }

  get observed(): boolean {
    return Number.isFinite(this.best);
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
