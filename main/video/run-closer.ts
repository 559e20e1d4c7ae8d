import { finalizeVideoPart } from '../evidence/video-finalize';
import type { Logger } from '../log/logger';
import type { ChunkSequencer } from './chunk-sequencer';
import type { Run, VideoSession } from './video-session';

// Closing a run: the held chunks go in after their holes, the part file is made final by the
// evidence store's video step (remux or keep, probe), and the segment is chained in index order
// through the session, like every other track's. `complete: false` when the UI or the camera
// went away instead of ending the run.

export class RunCloser {
  constructor(
    private readonly log: Logger,
    private readonly sequencer: ChunkSequencer,
    private readonly changed: () => void,
  ) {}

  close(s: VideoSession, run: Run, complete: boolean): Promise<void> {
    if (!s.runs.has(run.id)) return run.chained;
    s.runs.delete(run.id);
    s.closedRuns.add(run.id);
    while (run.pending.size) this.sequencer.skipHole(s, run);
    if (!complete) run.track.brokenSince ??= run.lastChunkAt ?? run.openedAt;
    const file = run.file;
    if (!file) {
      run.resolveChained();
      this.changed();
      return run.chained;
    }
    let source: { sourceSha256: string; sourceBytes: number };
    try {
      source = file.finish();
    } catch (e) {
      this.log.error({ err: e, file: file.file }, 'could not close a video segment; recovery will take it');
      run.resolveChained();
      return run.chained;
    }
    const job = (async () => {
      try {
        await run.prevChained;
        const fin = await finalizeVideoPart(file.partPath, file.finalPath, run.track.ext, s.session.dir);
        if (!fin.remuxed) this.log.warn({ file: file.file, detail: fin.detail }, 'video remux failed: keeping the bytes as received');
        await s.session.chainSegment(file.file, (h) => ({
          track: run.track.id,
          index: run.index!,
          file: file.file,
          ...h,
          startedAt: new Date(run.startedAt).toISOString(),
          position: run.position,
          ...(fin.durationMs !== null ? { durationMs: fin.durationMs } : {}),
          ...source,
          remuxed: fin.remuxed,
          chunks: run.chunks,
          missingChunks: run.missing,
          complete,
        }));
        this.log.info({ sessionId: s.id, file: file.file, durationMs: fin.durationMs, chunks: run.chunks, missing: run.missing, complete, remuxed: fin.remuxed }, 'video segment closed');
      } catch (e) {
        this.log.error({ err: e, file: file.file }, 'could not finish a video segment; recovery will take it');
      } finally {
        run.resolveChained();
        this.changed();
      }
    })();
    s.closing.add(job);
    void job.finally(() => s.closing.delete(job));
    return job;
  }
}
