import fs from 'node:fs';
import { bextFields, segmentMeta } from './bwf';
import type { SegmentInfo, SessionInfo, TrackInfo } from './chain';
import type { OpenSession } from './open-session';
import { segmentFileName } from './session-folder';
import { WavSegmentFile } from './wav-segment-file';

// The audio track of a session: captured frames into WAV segments of exactly `segmentFrames`
// frames (shorter when a pause, a capture restart or the stop closes one early), each one
// chained through the session when it is closed. Its frame count is the session's timeline.
//
// Layout choice: ONE multi-channel WAV per segment (all microphones interleaved), not one file
// per channel. All channels then share one clock and one header and can never drift apart or
// be partly lost; one fsync per second and one hash per segment cover every microphone. The
// channel -> role map is in the chain's track entry and the manifest; any player or
// `sox in.wav out.wav remix 3` extracts one microphone.
//
// Each segment is a Broadcast Wave file: its bext and iXML chunks (case, court, room, session,
// segment, the first sample's local date, time and samples since midnight, each channel's
// role) come from the session's chain entry, the track entry and the segment's first sample.

export interface AudioTrackOptions {
  /** The court's IANA time zone for the bext origination date, time and TimeReference. */
  timeZone?: string;
  /** RIFF size above which a segment becomes RF64 (tests force it low). */
  riffLimit?: number;
  /** More about a closed segment for its chain entry (the conference track's alignment record). */
  segmentNote?: () => Partial<SegmentInfo>;
}

export class AudioTrackWriter {
  private segment: WavSegmentFile | null = null;
  private segStartFrame = 0;
  private segIndex = 0;
  private segStartedAt = '';
  /** The current segment's start and TimeReference, and where the last closed one ended. */
  private segTime: { ms: number; timeReference: bigint; date: string } | null = null;
  private lastEnd: { ms: number; timeReference: bigint; date: string } | null = null;
  /** Frames written to the track so far: the recording timeline position. */
  framesWritten = 0;
  segmentsClosed = 0;

  constructor(
    private readonly session: OpenSession,
    readonly track: TrackInfo,
    private readonly segmentFrames: number,
    private readonly events: { onSegmentChained: () => void; onError: (e: unknown) => void },
    private readonly opts: AudioTrackOptions = {},
  ) {}

  get sampleRate(): number {
    return this.track.sampleRate!;
  }

  get positionSec(): number {
    return this.framesWritten / this.sampleRate;
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
      const room = (this.segmentFrames - seg.frames) * frameBytes;
      const n = Math.min(room, pcm.length - off);
      const before = seg.frames;
      try {
        seg.write(pcm.subarray(off, off + n));
      } finally {
        this.framesWritten += seg.frames - before;
      }
      off += n;
      if (seg.frames >= this.segmentFrames) this.closeSegment();
    }
  }

  private openSegment(startWallMs: number): void {
    this.segIndex += 1;
    const file = segmentFileName(this.track.id, this.segIndex, 'wav');
    const startedAt = new Date(startWallMs).toISOString();
    const meta = segmentMeta(sessionInfo(this.session), this.track, this.segIndex, file, startedAt, this.opts.timeZone, startWallMs);
    const own = bextFields(meta);
    // A segment that starts where the last one ended (same capture run, same local day) carries
    // its TimeReference on sample-exactly, free of the wall clock's rounding.
    const last = this.lastEnd;
    if (last && last.date === own.originationDate && Math.abs(startWallMs - last.ms) * this.sampleRate < 500) meta.timeReference = last.timeReference;
    this.segTime = { ms: startWallMs, timeReference: meta.timeReference ?? own.timeReference, date: own.originationDate };
    this.segment = new WavSegmentFile(this.session.dir, file, { channels: this.track.channels!, sampleRate: this.sampleRate }, { meta, riffLimit: this.opts.riffLimit });
    this.segStartFrame = this.framesWritten;
    this.segStartedAt = startedAt;
    this.session.append({ type: 'open', track: this.track.id, index: this.segIndex, file, startedAt: this.segStartedAt, startFrame: this.segStartFrame });
  }

  /** Closes the current segment (rollover, pause, gap, stop): final now, hashed and chained soon. */
  closeSegment(): void {
    const seg = this.segment;
    if (!seg) return;
    this.segment = null;
    const { segIndex: index, segStartFrame: startFrame, segStartedAt: startedAt } = this;
    const frames = seg.frames;
    if (frames === 0) {
      // Nothing was recorded into it (a stop right at a boundary): no empty files in the record.
      seg.abandon();
      fs.rmSync(seg.partPath, { force: true });
      return;
    }
    const t = this.segTime!;
    const note = this.opts.segmentNote?.() ?? {};
    this.lastEnd = { ms: t.ms + (frames / this.sampleRate) * 1000, timeReference: t.timeReference + BigInt(frames), date: t.date };
    this.session.retryOnFull(() => seg.finish());
    this.session
      .chainSegment(seg.file, (h) => ({ track: this.track.id, index, file: seg.file, ...h, frames, startFrame, startedAt, ...note }))
      .then(() => {
        this.segmentsClosed += 1;
        this.events.onSegmentChained();
      })
      .catch((e) => this.events.onError(e));
  }

  /** At least once a second: sizes into the header and fdatasync. */
  sync(): void {
    this.segment?.sync();
  }

  /** The process is going away: the part file stays for recovery. */
  abandon(): void {
    this.segment?.abandon();
    this.segment = null;
  }
}

function sessionInfo(session: OpenSession): SessionInfo {
  const first = session.entries.find((e) => e.type === 'session');
  if (first?.type !== 'session') throw new Error('the session has no session entry');
  return first.session;
}
