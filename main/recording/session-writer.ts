import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TimelineEntry } from '../../common/contract/recording';
import { CHAIN_FILE, ChainWriter, SESSION_FORMAT, type ChainBody, type ChainEntry, type SegmentInfo, type SessionInfo, type TrackInfo } from './chain';
import type { StationKey } from './keys';
import { buildManifest, hashFile, hashFileSync, signManifest, writeManifest, MANIFEST_FILE, type Manifest, type SessionStatus } from './manifest';
import { WavSegmentFile, segmentFileName, syncDir } from './segment-file';

// The files of one recording session: DATA/recordings/<id>/ with the audio segments, the
// chain and, once stopped, the signed manifest.
//
// Layout choice: ONE multi-channel WAV per segment (all microphones interleaved), not one file
// per channel. All channels then share one clock and one header and can never drift apart or
// be partly lost; one fsync per second and one hash per segment cover every microphone. The
// channel -> role map is in the chain's track entry and the manifest; any player or
// `sox in.wav out.wav remix 3` extracts one microphone.

export const LOCK_FILE = '.lock';
export const RESERVE_FILE = '.reserve';
/** Kept free for closing the session when the disk fills up: header, chain entries, manifest. */
export const RESERVE_BYTES = 512 * 1024;
export const RECORDINGS_DIR = 'recordings';

export interface ClosedFile {
  track: string;
  /** Relative to the data directory. */
  file: string;
  sha256: string;
  bytes: number;
}

export interface SessionWriterOptions {
  dataDir: string;
  sessionId: string;
  session: Omit<SessionInfo, 'format' | 'sessionId'>;
  track: TrackInfo;
  segmentFrames: number;
  onFileClosed: (f: ClosedFile) => void;
  onError: (e: unknown) => void;
}

export class SessionWriter {
  readonly dir: string;
  readonly relDir: string;
  readonly chain: ChainWriter;
  readonly track: TrackInfo;
  private segment: WavSegmentFile | null = null;
  private segStartFrame = 0;
  private segIndex = 0;
  private segStartedAt = '';
  /** Frames written to the track so far: the recording timeline position. */
  framesWritten = 0;
  segmentsClosed = 0;
  private queue: Promise<void> = Promise.resolve();
  readonly entries: ChainEntry[] = [];
  readonly closedSegments: SegmentInfo[] = [];
  private reserveFreed = false;

  constructor(private readonly opts: SessionWriterOptions) {
    this.track = opts.track;
    this.relDir = `${RECORDINGS_DIR}/${opts.sessionId}`;
    this.dir = path.join(opts.dataDir, RECORDINGS_DIR, opts.sessionId);
    fs.mkdirSync(this.dir, { recursive: false });
    syncDir(path.dirname(this.dir));
    this.writeLock();
    fs.writeFileSync(path.join(this.dir, RESERVE_FILE), Buffer.alloc(RESERVE_BYTES));
    this.chain = ChainWriter.create(path.join(this.dir, CHAIN_FILE));
    syncDir(this.dir);
    this.appendNow({ type: 'session', session: { format: SESSION_FORMAT, sessionId: opts.sessionId, ...opts.session } });
    this.appendNow({ type: 'track', track: opts.track });
  }

  get sessionId(): string {
    return this.opts.sessionId;
  }

  get sampleRate(): number {
    return this.track.sampleRate!;
  }

  get positionSec(): number {
    return this.framesWritten / this.sampleRate;
  }

  get segmentOpen(): boolean {
    return this.segment !== null;
  }

  /** A timeline mark at the current position. */
  mark(mark: Omit<TimelineEntry, 'position'> & { position?: number }): TimelineEntry {
    const m: TimelineEntry = { ...mark, position: mark.position ?? round3(this.positionSec) };
    this.enqueue({ type: 'mark', mark: m });
    return m;
  }

  /**
   * Writes captured frames; `wallOfFirst` is the capture-clock wall time of pcm's first frame,
   * used when this write opens a new segment. Rolls over at the segment length exactly.
   */
  write(pcm: Buffer, wallOfFirst: number): void {
    const frameBytes = this.track.channels! * 2;
    let off = 0;
    while (off < pcm.length) {
      if (!this.segment) this.openSegment(wallOfFirst + ((off / frameBytes) / this.sampleRate) * 1000);
      const seg = this.segment!;
      const room = (this.opts.segmentFrames - seg.frames) * frameBytes;
      const n = Math.min(room, pcm.length - off);
      const before = seg.frames;
      try {
        seg.write(pcm.subarray(off, off + n));
      } finally {
        this.framesWritten += seg.frames - before;
      }
      off += n;
      if (seg.frames >= this.opts.segmentFrames) this.closeSegment();
    }
  }

  private openSegment(startWallMs: number): void {
    this.segIndex += 1;
    const file = segmentFileName(this.track.id, this.segIndex);
    this.segment = new WavSegmentFile(this.dir, file, { channels: this.track.channels!, sampleRate: this.sampleRate });
    this.segStartFrame = this.framesWritten;
    this.segStartedAt = new Date(startWallMs).toISOString();
    this.enqueue({ type: 'open', track: this.track.id, index: this.segIndex, file, startedAt: this.segStartedAt, startFrame: this.segStartFrame });
  }

  /** Closes the current segment (rollover, pause, gap, stop): final now, hashed and chained soon. */
  closeSegment(): void {
    const seg = this.segment;
    if (!seg) return;
    this.segment = null;
    const index = this.segIndex;
    const startFrame = this.segStartFrame;
    const startedAt = this.segStartedAt;
    const frames = seg.frames;
    if (frames === 0) {
      // Nothing was recorded into it (a stop right at a boundary): no empty files in the record.
      seg.abandon();
      fs.rmSync(seg.partPath, { force: true });
      return;
    }
    this.retryOnFull(() => seg.finish());
    this.queue = this.queue.then(async () => {
      const { sha256, bytes } = await hashFile(seg.finalPath);
      const segment: SegmentInfo = { track: this.track.id, index, file: seg.file, sha256, bytes, frames, startFrame, startedAt };
      this.appendNow({ type: 'segment', segment });
      this.closedSegments.push(segment);
      this.segmentsClosed += 1;
      try {
        this.opts.onFileClosed({ track: this.track.id, file: `${this.relDir}/${seg.file}`, sha256, bytes });
      } catch (e) {
        this.opts.onError(e);
      }
    }).catch((e) => this.opts.onError(e));
  }

  /** At least once a second: sizes into the header, fdatasync, heartbeat on the lock. */
  sync(): void {
    this.segment?.sync();
    const now = new Date();
    try {
      fs.utimesSync(path.join(this.dir, LOCK_FILE), now, now);
    } catch {
      // the lock is a hint for recovery only
    }
  }

  /** Disk full: give the reserve back so the session can still be closed and signed. */
  freeReserve(): void {
    if (this.reserveFreed) return;
    this.reserveFreed = true;
    fs.rmSync(path.join(this.dir, RESERVE_FILE), { force: true });
  }

  /** Closes the last segment, waits for the chain, signs and writes the manifest. */
  async finish(status: SessionStatus, key: StationKey, stop: TimelineEntry | null): Promise<Manifest> {
    this.closeSegment();
    if (stop) this.enqueue({ type: 'mark', mark: stop });
    await this.queue;
    const manifest = signManifest(buildManifest(this.entries, status, new Date().toISOString()), key);
    this.retryOnFull(() => writeManifest(this.dir, manifest));
    this.chain.close();
    this.freeReserve();
    fs.rmSync(path.join(this.dir, LOCK_FILE), { force: true });
    syncDir(this.dir);
    this.opts.onFileClosed({ track: 'chain', file: `${this.relDir}/${CHAIN_FILE}`, ...hashSmall(path.join(this.dir, CHAIN_FILE)) });
    this.opts.onFileClosed({ track: 'manifest', file: `${this.relDir}/${MANIFEST_FILE}`, ...hashSmall(path.join(this.dir, MANIFEST_FILE)) });
    return manifest;
  }

  /**
   * Other tracks of the session (video, main/video) join the same chain: `task` runs in the
   * chain's queue, in order with the audio's entries, and may append entries through `append`.
   */
  enqueueTask(task: (append: (body: ChainBody) => ChainEntry) => Promise<void> | void): Promise<void> {
    const run = this.queue.then(() => task((body) => {
      this.appendNow(body);
      return this.entries[this.entries.length - 1]!;
    }));
    // A failing video task is the caller's to handle (returned): it must never stop the audio.
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Abandons the session without a manifest (the process is going away; recovery will close it). */
  abandon(): void {
    this.segment?.abandon();
    this.segment = null;
    this.chain.close();
  }

  private enqueue(body: ChainBody): void {
    this.queue = this.queue.then(() => {
      this.appendNow(body);
    }).catch((e) => this.opts.onError(e));
  }

  private appendNow(body: ChainBody): void {
    this.entries.push(this.retryOnFull(() => this.chain.append(body)));
  }

  private retryOnFull<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOSPC' || this.reserveFreed) throw e;
      this.freeReserve();
      return fn();
    }
  }

  private writeLock(): void {
    fs.writeFileSync(path.join(this.dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() }));
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Chain and manifest are small: hashed synchronously in the close path. */
function hashSmall(file: string): { sha256: string; bytes: number } {
  return hashFileSync(file);
}
