import { MAX_VIDEO_CHUNK_BYTES } from '../../common/contract/video';
import { HattamaError } from '../../common/errors';
import type { TrackInfo } from '../evidence/chain';
import { segmentFileName } from '../evidence/session-folder';
import { VideoSegmentFile } from '../evidence/video-segment-file';
import type { Logger } from '../log/logger';
import { audioPositionAt } from './timeline';
import type { Run, VideoSession } from './video-session';

// Chunks of a run, in sequence order. Every chunk carries (track, run, seq). In order: written
// and acknowledged. Again (a resend after a reconnect): acknowledged, not written. Early: held
// until the missing one arrives; if it does not come in time or before the run closes, the rest
// is written after the hole and the missing chunks are a recorded gap (a `gap` mark with the
// track, and `missingChunks` on the segment).

export class ChunkSequencer {
  constructor(
    private readonly log: Logger,
    private readonly maxAhead: number,
  ) {}

  accept(s: VideoSession, run: Run, input: { track: string; seq: number; data: string }): { acked: number; duplicate: boolean } {
    const bytes = (input.data.length / 4) * 3 - (input.data.endsWith('==') ? 2 : input.data.endsWith('=') ? 1 : 0);
    if (bytes > MAX_VIDEO_CHUNK_BYTES) throw new HattamaError('video.chunkTooLarge', { bytes: Math.floor(bytes), max: MAX_VIDEO_CHUNK_BYTES });
    if (input.seq < run.next || run.pending.has(input.seq)) return { acked: run.next - 1, duplicate: true };
    if (input.seq > run.next + this.maxAhead) {
      throw new HattamaError('video.badSequence', { track: input.track, seq: input.seq, expected: run.next });
    }
    // Node's decoder skips characters outside the alphabet: a length that does not add up is not base64.
    const data = Buffer.from(input.data, 'base64');
    if (input.data.length % 4 !== 0 || data.length !== bytes) throw new HattamaError('video.badBase64', { track: input.track, seq: input.seq });
    const now = Date.now();
    run.lastChunkAt = now;
    if (input.seq > run.next) {
      run.pending.set(input.seq, { data, at: now });
      return { acked: run.next - 1, duplicate: false };
    }
    this.write(s, run, data);
    run.next += 1;
    this.drain(s, run);
    return { acked: run.next - 1, duplicate: false };
  }

  /** Gives up on the missing chunk(s) before the earliest held one: a recorded gap inside the file. */
  skipHole(s: VideoSession, run: Run): void {
    const first = Math.min(...run.pending.keys());
    const skipped = first - run.next;
    run.missing += skipped;
    this.log.warn({ sessionId: s.id, track: run.track.id, run: run.id, from: run.next, count: skipped }, 'video chunks missing: recorded as a gap');
    const at = Date.now();
    void s.chain({ type: 'mark', mark: { type: 'gap', at: new Date(at).toISOString(), position: Math.max(0, audioPositionAt(s.session.entries, at)), reason: `video-chunks-missing:${run.next}-${first - 1}`, track: run.track.id } });
    run.next = first;
    this.drain(s, run);
  }

  private drain(s: VideoSession, run: Run): void {
    for (let p = run.pending.get(run.next); p; p = run.pending.get(run.next)) {
      run.pending.delete(run.next);
      this.write(s, run, p.data);
      run.next += 1;
    }
  }

  private write(s: VideoSession, run: Run, data: Buffer): void {
    const file = run.file ?? this.openFile(s, run);
    try {
      file.write(data);
    } catch (e) {
      throw writeFailed(file.file, e);
    }
    run.chunks += 1;
    run.track.bytes += data.length;
  }

  /** The run's first chunk: the track joins the chain (once), the segment file opens. */
  private openFile(s: VideoSession, run: Run): VideoSegmentFile {
    const t = run.track;
    if (!t.declared) {
      t.declared = true;
      const info: TrackInfo = { id: t.id, kind: 'video', format: t.ext, source: t.source, role: t.role, device: t.label, mimeType: t.mimeType, width: t.width, height: t.height };
      void s.chain({ type: 'track', track: info });
    }
    const index = t.segments + 1;
    const name = segmentFileName(t.id, index, t.ext);
    try {
      run.file = new VideoSegmentFile(s.session.dir, name);
    } catch (e) {
      throw writeFailed(name, e);
    }
    t.segments = index;
    run.index = index;
    run.prevChained = t.lastChained;
    t.lastChained = run.chained;
    // Placed on the timeline inside the chain's queue: every audio entry queued before is in by then.
    void s.session
      .enqueueTask((append) => {
        run.position = audioPositionAt(s.session.entries, run.startedAt);
        append({ type: 'open', track: t.id, index, file: name, startedAt: new Date(run.startedAt).toISOString(), position: run.position });
      })
      .catch((e) => this.log.error({ err: e, file: name }, 'could not chain a video segment opening'));
    return run.file;
  }
}

function writeFailed(file: string, e: unknown): HattamaError {
  return new HattamaError('video.writeFailed', { file, detail: String((e as NodeJS.ErrnoException).code ?? (e as Error).message) }, undefined, { cause: e });
}
