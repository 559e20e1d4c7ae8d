import type { Capture } from './capture';

// The conference's sound on the microphones' timeline, frame for frame: frame N of the
// conference track is what the conference played at the instant room frame N was captured.
// Every player, clip and copy can then treat the two tracks alike (same segments, same frame
// positions), and a pause or a gap of the room's recording is one in the conference's too.
//
// The microphones drive: for each run of frames they write, with the system time of its first
// frame (their capture clock, see clock-estimate.ts), the conference frames of that instant
// are taken from what its own capture delivered, placed by the conference clock. Consecutive
// writes read on without a break while the two clocks agree within `toleranceFrames`; when they
// part further (drift between two sound devices, or a better estimate early in a run) the read
// position jumps to where the clocks say, and the jump is counted in the segment's record.
// Conference audio that never came (its capture was down or late past `maxWaitMs`) is written
// as digital silence and counted too: the track never holds up or shifts the room's record.

export interface AlignedOut {
  write(pcm: Buffer, wallOfFirst: number): void;
  closeSegment(): void;
}

/** What the alignment did within one segment (kept in its chain entry). */
export interface AlignStats {
  /** Read-position jumps, and the conference frames they skipped (+) or repeated (−) in sum. */
  corrections: number;
  shiftFrames: number;
  /** Frames written as silence because no conference audio covered them. */
  missingFrames: number;
  /** The largest disagreement between the two clocks seen, in ms (before correcting it). */
  maxErrorMs: number;
}

export interface AlignerOptions {
  channels: number;
  sampleRate: number;
  /** 96 frames at 48 kHz: 2 ms. */
  toleranceFrames?: number;
  maxWaitMs?: number;
  now?: () => number;
}

type Step = { kind: 'frames'; n: number; wallMs: number; segWall: number; queuedAt: number } | { kind: 'close' };
interface Chunk {
  capture: Capture;
  firstFrame: number;
  pcm: Buffer;
}

const KEEP_MS = 5000;
export const emptyStats = (): AlignStats => ({ corrections: 0, shiftFrames: 0, missingFrames: 0, maxErrorMs: 0 });

export class ConferenceAligner {
  private readonly queue: Step[] = [];
  private chunks: Chunk[] = [];
  private run: Capture | null = null;
  /** The next conference frame to read, in `run`. */
  private next = 0;
  private segment = emptyStats();
  readonly total = emptyStats();
  private readonly frameBytes: number;
  private readonly tolerance: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;

  constructor(
    private readonly out: AlignedOut,
    private readonly opts: AlignerOptions,
  ) {
    this.frameBytes = opts.channels * 2;
    this.tolerance = opts.toleranceFrames ?? Math.round(opts.sampleRate / 500);
    this.maxWaitMs = opts.maxWaitMs ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  /** Conference audio as its capture delivered it. */
  onConference(pcm: Buffer, capture: Capture, firstFrame: number): void {
    this.chunks.push({ capture, firstFrame, pcm });
    this.pump();
  }

  /** The microphones wrote `n` frames; the first was captured at system time `wallMs`; `segWall` is what their segment was stamped with. */
  follow(n: number, wallMs: number, segWall: number): void {
    this.queue.push({ kind: 'frames', n, wallMs, segWall, queuedAt: this.now() });
    this.pump();
  }

  /** The microphones closed their segment: the conference's closes at the same frame. */
  close(): void {
    this.queue.push({ kind: 'close' });
    this.pump();
  }

  /** Takes this segment's record and starts the next one's. */
  takeSegmentStats(): AlignStats {
    const s = this.segment;
    this.segment = emptyStats();
    this.total.corrections += s.corrections;
    this.total.shiftFrames += s.shiftFrames;
    this.total.missingFrames += s.missingFrames;
    this.total.maxErrorMs = Math.max(this.total.maxErrorMs, s.maxErrorMs);
    return s;
  }

  /** Writes what can be written; `force` (at the stop) fills what never came with silence. */
  pump(force = false): void {
    while (this.queue.length) {
      const step = this.queue[0]!;
      if (step.kind === 'close') {
        this.queue.shift();
        this.out.closeSegment();
        continue;
      }
      if (!this.serve(step, force || this.now() - step.queuedAt >= this.maxWaitMs)) break;
      this.queue.shift();
    }
    this.prune();
  }

  get waiting(): number {
    return this.queue.length;
  }

  private serve(step: Extract<Step, { kind: 'frames' }>, late: boolean): boolean {
    const run = this.runAt(step.wallMs);
    let from = 0;
    let corrected = 0;
    if (run) {
      const target = Math.round(run.clock.frameAt(step.wallMs));
      if (run !== this.run) from = target; // a new capture run starts where its clock says
      else {
        const err = target - this.next;
        if (Math.abs(err) > this.tolerance) corrected = err;
        from = corrected ? target : this.next;
        this.segment.maxErrorMs = Math.max(this.segment.maxErrorMs, (Math.abs(err) / this.opts.sampleRate) * 1000);
      }
      const have = this.endOf(run);
      if (have < from + step.n && !late) return false;
    } else if (!late) return false;
    const buf = Buffer.alloc(step.n * this.frameBytes);
    const covered = run ? this.copy(run, from, step.n, buf) : 0;
    if (run && run === this.run && corrected) {
      this.segment.corrections += 1;
      this.segment.shiftFrames += corrected;
    }
    this.segment.missingFrames += step.n - covered;
    if (run) {
      this.run = run;
      this.next = from + step.n;
    }
    this.out.write(buf, step.segWall);
    return true;
  }

  /** The capture run that holds the conference's sound of this instant: the newest one started by then. */
  private runAt(wallMs: number): Capture | null {
    let pick: Capture | null = null;
    for (const c of this.chunks) {
      if (c.capture === pick) continue;
      if (!pick || c.capture.clock.frameAt(wallMs) >= 0) pick = c.capture;
    }
    return pick;
  }

  private endOf(run: Capture): number {
    let end = -Infinity;
    for (const c of this.chunks) if (c.capture === run) end = Math.max(end, c.firstFrame + c.pcm.length / this.frameBytes);
    return end;
  }

  /** Copies run frames [from, from + n) into buf; returns the frames covered. */
  private copy(run: Capture, from: number, n: number, buf: Buffer): number {
    let covered = 0;
    for (const c of this.chunks) {
      if (c.capture !== run) continue;
      const frames = c.pcm.length / this.frameBytes;
      const a = Math.max(from, c.firstFrame);
      const b = Math.min(from + n, c.firstFrame + frames);
      if (b <= a) continue;
      c.pcm.copy(buf, (a - from) * this.frameBytes, (a - c.firstFrame) * this.frameBytes, (b - c.firstFrame) * this.frameBytes);
      covered += b - a;
    }
    return covered;
  }

  /** Keeps the last few seconds of conference audio (what a late or corrected read may still need). */
  private prune(): void {
    const keep = Math.round((KEEP_MS / 1000) * this.opts.sampleRate);
    const newest = this.chunks[this.chunks.length - 1]?.capture;
    this.chunks = this.chunks.filter((c) => {
      const end = c.firstFrame + c.pcm.length / this.frameBytes;
      if (c.capture === this.run) return end > this.next - keep;
      // A run not read yet: the newest (just restarted), or the one before it still being read out.
      return c.capture === newest && end > c.capture.frames - keep;
    });
  }
}
