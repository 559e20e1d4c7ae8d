import fs from 'node:fs';
import path from 'node:path';
import type { Alarm, RecordingState } from '../../common/contract/recording';
import {
  MAX_RECORDED_CAMERAS,
  MAX_VIDEO_CHUNK_BYTES,
  type VideoControl,
  type VideoStatus,
  type VideoTrackStatus,
} from '../../common/contract/video';
import type { VideoOpenInputSchema } from '../../common/contract/video';
import type { z } from 'zod';
import { HattamaError } from '../../common/errors';
import type { EventBus } from '../runtime/event-bus';
import type { Logger } from '../log/logger';
import type { ChainBody, SegmentInfo, TrackInfo } from '../recording/chain';
import { hashFile } from '../recording/manifest';
import { announceFile } from '../recording/recording-schema';
import type { RecordingService } from '../recording/recording-service';
import { segmentFileName } from '../recording/segment-file';
import type { SessionWriter } from '../recording/session-writer';
import type { Db } from '../db/database';
import { probeDurationMs, remux } from './remux';
import { audioPositionAt } from './timeline';
import { keepAsReceived, VideoSegmentFile } from './video-file';

// The core side of video. A "run" is one MediaRecorder run in the renderer: its first chunk
// carries the container header, so every run is its own segment file. Runs start with the
// session (and after each pause), rotate when the audio starts a new segment (the core sends
// `video.control rotate`; the renderer starts the new recorder before stopping the old one, so
// the two overlap by a moment instead of leaving a hole) and stop before the session is signed
// (`video.control stop`; the recording service waits for the last chunks in its finish hook).
//
// Every chunk carries (track, run, seq). In order: written and acknowledged. Again (a resend
// after a reconnect): acknowledged, not written. Early: held until the missing one arrives; if
// it does not come within `reorderMs` or before the run closes, the rest is written after the
// hole and the missing chunks are a recorded gap (a `gap` mark with the track, and
// `missingChunks` on the segment). A run that stops receiving chunks for `staleMs` (the camera
// or the whole UI went away) is closed and its camera alarmed; when the UI is back it opens a
// new run, and the time between is a recorded gap of that track.

type OpenInput = z.output<typeof VideoOpenInputSchema>;

export interface VideoTuning {
  /** No chunk for this long: the run is closed and its camera alarmed. */
  staleMs: number;
  /** An early chunk waits this long for the missing one before the hole becomes a gap. */
  reorderMs: number;
  /** How far ahead of the expected seq a chunk may be. */
  maxAhead: number;
  /** At session end: how long to wait for the UI to deliver its last chunks. */
  finishWaitMs: number;
  syncMs: number;
}

export const DEFAULT_VIDEO_TUNING: VideoTuning = { staleMs: 10_000, reorderMs: 5000, maxAhead: 64, finishWaitMs: 4000, syncMs: 1000 };

export interface VideoDeps {
  dataDir: string;
  db: Db;
  log: Logger;
  events: Pick<EventBus, 'emit' | 'on'>;
  recording: RecordingService;
}

interface Run {
  id: number;
  track: Track;
  startedAt: number;
  position: number;
  openedAt: number;
  lastChunkAt: number | null;
  next: number;
  pending: Map<number, { data: Buffer; at: number }>;
  missing: number;
  chunks: number;
  index: number | null;
  file: VideoSegmentFile | null;
  /** Resolves when the previous segment of the track is in the chain (segments chain in index order). */
  prevChained: Promise<void>;
  chained: Promise<void>;
  resolveChained: () => void;
}

interface Track {
  id: string;
  source: OpenInput['source'];
  role: string;
  label: string;
  mimeType: string;
  ext: string;
  width: number;
  height: number;
  declared: boolean;
  segments: number;
  bytes: number;
  lastChained: Promise<void>;
  /** Wall time the track's last run stopped delivering, when it did not end properly. */
  brokenSince: number | null;
  lost: boolean;
}

interface Session {
  id: string;
  writer: SessionWriter;
  tracks: Map<string, Track>;
  runs: Map<number, Run>;
  closedRuns: Set<number>;
  nextRun: number;
  finishing: boolean;
  closing: Set<Promise<void>>;
  audioSegments: number;
  timer: NodeJS.Timeout;
}

export class VideoService {
  readonly tuning: VideoTuning;
  private session: Session | null = null;
  private recState: RecordingState['state'] = 'idle';
  private readonly offs: Array<() => void> = [];

  constructor(
    private readonly deps: VideoDeps,
    tuning: Partial<VideoTuning> = {},
  ) {
    this.tuning = { ...DEFAULT_VIDEO_TUNING, ...tuning };
    this.offs.push(deps.events.on('recording.state', (s) => this.onRecordingState(s)));
    this.offs.push(deps.recording.onBeforeFinish((w) => this.finishSession(w)));
  }

  // ---------------------------------------------------------------- calls

  open(input: OpenInput): { run: number; position: number } {
    const s = this.requireSession(input.sessionId, true);
    const ext = input.mimeType.startsWith('video/mp4') ? 'mp4' : 'webm';
    let track = s.tracks.get(input.track);
    if (track && track.mimeType !== input.mimeType) {
      throw new HattamaError('video.formatChanged', { track: input.track, was: track.mimeType, now: input.mimeType });
    }
    if (input.source === 'camera' && !this.hasOpenRun(s, input.track)) {
      const busy = new Set([...s.runs.values()].filter((r) => r.track.source === 'camera').map((r) => r.track.id));
      if (busy.size >= MAX_RECORDED_CAMERAS) throw new HattamaError('video.tooManyTracks', { max: MAX_RECORDED_CAMERAS, track: input.track });
    }
    if (!track) {
      track = { id: input.track, source: input.source, role: input.role, label: input.label, mimeType: input.mimeType, ext, width: input.width, height: input.height, declared: false, segments: 0, bytes: 0, lastChained: Promise.resolve(), brokenSince: null, lost: false };
      s.tracks.set(track.id, track);
    }
    track.role = input.role;
    track.label = input.label;
    const now = Date.now();
    // The renderer's clock is this machine's clock (Electron, or a browser on loopback); if it is
    // off by more than a second, place the start by the renderer's own elapsed time instead.
    const skew = now - input.sentAt;
    const startedAt = Math.abs(skew) <= 1000 ? input.startedAt : now - Math.max(0, input.sentAt - input.startedAt);
    if (input.continues === null) {
      // A fresh start of this track (session start, resume, or the UI came back): runs still open
      // for it are orphans of a UI that went away.
      for (const r of [...s.runs.values()]) if (r.track === track) this.closeRun(s, r, false);
    }
    if (track.brokenSince !== null) {
      const since = track.brokenSince;
      track.brokenSince = null;
      const at = new Date(since).toISOString();
      s.writer.enqueueTask((append) => {
        append({ type: 'mark', mark: { type: 'gap', at, position: Math.max(0, audioPositionAt(s.writer.entries, since)), gapMs: Math.max(0, Math.round(startedAt - since)), reason: 'video-interrupted', track: track.id } });
      }).catch((e) => this.deps.log.error({ err: e }, 'could not chain a video gap'));
    }
    if (track.lost) {
      track.lost = false;
      this.alarm(s, track, false);
    }
    const id = s.nextRun++;
    let resolveChained!: () => void;
    const chained = new Promise<void>((r) => (resolveChained = r));
    const run: Run = { id, track, startedAt, position: audioPositionAt(s.writer.entries, startedAt), openedAt: now, lastChunkAt: null, next: 0, pending: new Map(), missing: 0, chunks: 0, index: null, file: null, prevChained: Promise.resolve(), chained, resolveChained };
    s.runs.set(id, run);
    this.deps.log.info({ sessionId: s.id, track: track.id, run: id, position: run.position, skewMs: skew, mimeType: input.mimeType, continues: input.continues }, 'video run opened');
    this.emitStatus();
    return { run: id, position: run.position };
  }

  chunk(input: { sessionId: string; track: string; run: number; seq: number; data: string }): { acked: number; duplicate: boolean } {
    const s = this.requireSession(input.sessionId, false);
    const run = this.requireRun(s, input.track, input.run);
    const bytes = (input.data.length / 4) * 3 - (input.data.endsWith('==') ? 2 : input.data.endsWith('=') ? 1 : 0);
    if (bytes > MAX_VIDEO_CHUNK_BYTES) throw new HattamaError('video.chunkTooLarge', { bytes: Math.floor(bytes), max: MAX_VIDEO_CHUNK_BYTES });
    if (input.seq < run.next || run.pending.has(input.seq)) return { acked: run.next - 1, duplicate: true };
    if (input.seq > run.next + this.tuning.maxAhead) {
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

  async close(input: { sessionId: string; track: string; run: number; lastSeq: number }): Promise<{ closed: boolean }> {
    const s = this.requireSession(input.sessionId, false);
    const run = this.requireRun(s, input.track, input.run);
    // Chunks announced but never received are a hole at the end of the file.
    if (input.lastSeq >= run.next) {
      const held = [...run.pending.keys()].filter((k) => k <= input.lastSeq).length;
      run.missing += Math.max(0, input.lastSeq - run.next + 1 - held);
    }
    await this.closeRun(s, run, true);
    return { closed: true };
  }

  lost(input: { sessionId: string; track: string; run: number | null }): { alarmed: boolean } {
    const s = this.requireSession(input.sessionId, false);
    const track = s.tracks.get(input.track);
    if (!track) throw new HattamaError('video.unknownTrack', { track: input.track, run: input.run ?? '-' });
    for (const r of [...s.runs.values()]) if (r.track === track) void this.closeRun(s, r, false);
    track.brokenSince ??= Date.now();
    if (track.lost) return { alarmed: false };
    track.lost = true;
    this.alarm(s, track, true);
    this.emitStatus();
    return { alarmed: true };
  }

  status(): VideoStatus {
    const s = this.session;
    if (!s) return { sessionId: null, accepting: false, tracks: [] };
    const tracks: VideoTrackStatus[] = [...s.tracks.values()].map((t) => {
      const runs = [...s.runs.values()].filter((r) => r.track === t);
      const run = runs[runs.length - 1];
      return {
        track: t.id,
        source: t.source,
        role: t.role,
        label: t.label,
        run: run?.id ?? null,
        segments: t.segments,
        bytes: t.bytes,
        lastChunkAt: run?.lastChunkAt ?? null,
        state: t.lost ? 'lost' : run ? 'recording' : 'closed',
      };
    });
    return { sessionId: s.id, accepting: this.accepting(s), tracks };
  }

  /** The core is closing (after the recording service stopped the session). */
  shutdown(): void {
    for (const off of this.offs.splice(0)) off();
    const s = this.session;
    if (s) {
      // The recording service stops the session (and so finishes video) before this runs; this
      // is only a process going away mid-session: leave the part files for recovery.
      clearInterval(s.timer);
      for (const r of s.runs.values()) r.file?.abandon();
      this.session = null;
    }
  }

  // ---------------------------------------------------------------- session

  private onRecordingState(st: RecordingState): void {
    this.recState = st.state;
    const writer = this.deps.recording.activeWriter;
    if ((st.state === 'recording' || st.state === 'paused') && writer && writer.sessionId === st.sessionId) {
      if (!this.session || this.session.id !== writer.sessionId) this.beginSession(writer, st.segments);
      const s = this.session!;
      if (st.state === 'recording' && st.segments > s.audioSegments && !s.finishing) {
        // The audio closed a segment and goes on in a new one: so does the video.
        this.control({ sessionId: s.id, action: 'rotate' });
      }
      s.audioSegments = st.segments;
    }
    this.emitStatus();
  }

  private beginSession(writer: SessionWriter, audioSegments: number): void {
    const timer = setInterval(() => this.tick(), this.tuning.syncMs);
    timer.unref();
    this.session = { id: writer.sessionId, writer, tracks: new Map(), runs: new Map(), closedRuns: new Set(), nextRun: 1, finishing: false, closing: new Set(), audioSegments, timer };
    this.deps.log.info({ sessionId: writer.sessionId }, 'video: session open for cameras');
  }

  /** The recording service's finish hook: every run closed and chained before the manifest. */
  private async finishSession(writer: SessionWriter): Promise<void> {
    const s = this.session;
    if (!s || s.writer !== writer) return;
    s.finishing = true;
    this.control({ sessionId: s.id, action: 'stop' });
    const until = Date.now() + this.tuning.finishWaitMs;
    while (s.runs.size > 0 && Date.now() < until) await sleep(50);
    for (const r of [...s.runs.values()]) void this.closeRun(s, r, false);
    await Promise.all([...s.closing]);
    await Promise.all([...s.tracks.values()].map((t) => t.lastChained));
    clearInterval(s.timer);
    for (const t of s.tracks.values()) if (t.lost) this.alarm(s, t, false);
    this.session = null;
    this.deps.log.info({ sessionId: s.id, tracks: [...s.tracks.values()].map((t) => ({ track: t.id, segments: t.segments, bytes: t.bytes })) }, 'video: session finished');
    this.emitStatus();
  }

  private tick(): void {
    const s = this.session;
    if (!s) return;
    const now = Date.now();
    for (const r of [...s.runs.values()]) {
      try {
        r.file?.sync();
      } catch (e) {
        this.deps.log.error({ err: e, track: r.track.id }, 'video sync failed');
      }
      // An early chunk waited long enough: the hole becomes a recorded gap.
      const oldest = Math.min(...[...r.pending.values()].map((p) => p.at));
      if (r.pending.size && now - oldest > this.tuning.reorderMs) this.skipHole(s, r);
      const last = r.lastChunkAt ?? r.openedAt;
      if (!s.finishing && now - last > this.tuning.staleMs) {
        this.deps.log.warn({ sessionId: s.id, track: r.track.id, run: r.id, silentMs: now - last }, 'video run delivers nothing: closing it');
        r.track.brokenSince ??= last;
        void this.closeRun(s, r, false);
        if (!r.track.lost && !this.hasOpenRun(s, r.track.id)) {
          r.track.lost = true;
          this.alarm(s, r.track, true);
        }
        this.emitStatus();
      }
    }
  }

  // ---------------------------------------------------------------- files

  private write(s: Session, run: Run, data: Buffer): void {
    if (!run.file) {
      const t = run.track;
      if (!t.declared) {
        t.declared = true;
        const info: TrackInfo = { id: t.id, kind: 'video', format: t.ext, source: t.source, role: t.role, device: t.label, mimeType: t.mimeType, width: t.width, height: t.height };
        this.chain(s, { type: 'track', track: info });
      }
      t.segments += 1;
      run.index = t.segments;
      const file = segmentFileName(t.id, run.index, t.ext);
      try {
        run.file = new VideoSegmentFile(s.writer.dir, file);
      } catch (e) {
        t.segments -= 1;
        run.index = null;
        throw new HattamaError('video.writeFailed', { file, detail: String((e as NodeJS.ErrnoException).code ?? (e as Error).message) }, undefined, { cause: e });
      }
      run.prevChained = t.lastChained;
      t.lastChained = run.chained;
      const index = run.index;
      // Placed on the timeline inside the chain's queue: every audio entry queued before is in by then.
      void s.writer
        .enqueueTask((append) => {
          run.position = audioPositionAt(s.writer.entries, run.startedAt);
          append({ type: 'open', track: t.id, index, file, startedAt: new Date(run.startedAt).toISOString(), position: run.position });
        })
        .catch((e) => this.deps.log.error({ err: e, file }, 'could not chain a video segment opening'));
    }
    try {
      run.file.write(data);
    } catch (e) {
      throw new HattamaError('video.writeFailed', { file: run.file.file, detail: String((e as NodeJS.ErrnoException).code ?? (e as Error).message) }, undefined, { cause: e });
    }
    run.chunks += 1;
    run.track.bytes += data.length;
  }

  private drain(s: Session, run: Run): void {
    for (;;) {
      const p = run.pending.get(run.next);
      if (!p) return;
      run.pending.delete(run.next);
      this.write(s, run, p.data);
      run.next += 1;
    }
  }

  /** Gives up on the missing chunk(s) before the earliest held one: a recorded gap inside the file. */
  private skipHole(s: Session, run: Run): void {
    const first = Math.min(...run.pending.keys());
    const skipped = first - run.next;
    run.missing += skipped;
    this.deps.log.warn({ sessionId: s.id, track: run.track.id, run: run.id, from: run.next, count: skipped }, 'video chunks missing: recorded as a gap');
    const at = Date.now();
    this.chain(s, { type: 'mark', mark: { type: 'gap', at: new Date(at).toISOString(), position: Math.max(0, audioPositionAt(s.writer.entries, at)), reason: `video-chunks-missing:${run.next}-${first - 1}`, track: run.track.id } });
    run.next = first;
    this.drain(s, run);
  }

  private closeRun(s: Session, run: Run, complete: boolean): Promise<void> {
    if (!s.runs.has(run.id)) return run.chained;
    s.runs.delete(run.id);
    s.closedRuns.add(run.id);
    while (run.pending.size) this.skipHole(s, run);
    if (!complete) run.track.brokenSince ??= run.lastChunkAt ?? run.openedAt;
    const file = run.file;
    if (!file) {
      run.resolveChained();
      this.emitStatus();
      return run.chained;
    }
    let source: { sourceSha256: string; sourceBytes: number };
    try {
      source = file.finish();
    } catch (e) {
      this.deps.log.error({ err: e, file: file.file }, 'could not close a video segment; recovery will take it');
      run.resolveChained();
      return run.chained;
    }
    const job = (async () => {
      try {
        await run.prevChained;
        const r = await remux(file.partPath, file.finalPath, run.track.ext);
        if (r.ok) fs.rmSync(file.partPath, { force: true });
        else {
          this.deps.log.warn({ file: file.file, detail: r.detail }, 'video remux failed: keeping the bytes as received');
          keepAsReceived(file);
        }
        const durationMs = await probeDurationMs(file.finalPath);
        const { sha256, bytes } = await hashFile(file.finalPath);
        const segment: SegmentInfo = {
          track: run.track.id,
          index: run.index!,
          file: file.file,
          sha256,
          bytes,
          startedAt: new Date(run.startedAt).toISOString(),
          position: run.position,
          ...(durationMs !== null ? { durationMs } : {}),
          sourceSha256: source.sourceSha256,
          sourceBytes: source.sourceBytes,
          remuxed: r.ok,
          chunks: run.chunks,
          missingChunks: run.missing,
          complete,
        };
        await this.chain(s, { type: 'segment', segment });
        try {
          announceFile(this.deps.db, { sessionId: s.id, track: run.track.id, file: `${s.writer.relDir}/${file.file}`, sha256, bytes });
        } catch (e) {
          this.deps.log.error({ err: e, file: file.file }, 'could not announce a video segment to the outbox');
        }
        this.deps.log.info({ sessionId: s.id, file: file.file, durationMs, bytes, chunks: run.chunks, missing: run.missing, complete, remuxed: r.ok }, 'video segment closed');
      } catch (e) {
        this.deps.log.error({ err: e, file: file.file }, 'could not finish a video segment; recovery will take it');
      } finally {
        run.resolveChained();
        this.emitStatus();
      }
    })();
    s.closing.add(job);
    void job.finally(() => s.closing.delete(job));
    return job;
  }

  private chain(s: Session, body: ChainBody): Promise<void> {
    return s.writer.enqueueTask((append) => {
      append(body);
    }).catch((e) => {
      this.deps.log.error({ err: e, type: body.type }, 'could not append a video entry to the chain');
    });
  }

  // ---------------------------------------------------------------- helpers

  private accepting(s: Session): boolean {
    return !s.finishing && this.recState === 'recording' && this.deps.recording.activeWriter === s.writer;
  }

  private requireSession(sessionId: string, opening: boolean): Session {
    const s = this.session;
    if (!s) throw new HattamaError('video.notRecording');
    if (s.id !== sessionId) throw new HattamaError('video.wrongSession', { sessionId: sessionId.slice(0, 100) });
    if (opening && !this.accepting(s)) throw new HattamaError('video.notRecording');
    return s;
  }

  private requireRun(s: Session, track: string, id: number): Run {
    const run = s.runs.get(id);
    if (run && run.track.id === track) return run;
    if (s.closedRuns.has(id)) throw new HattamaError('video.runClosed', { track, run: id });
    throw new HattamaError('video.unknownTrack', { track, run: id });
  }

  private hasOpenRun(s: Session, track: string): boolean {
    return [...s.runs.values()].some((r) => r.track.id === track);
  }

  private alarm(s: Session, t: Track, active: boolean): void {
    const code = active ? 'video:alarms.cameraLost' : 'video:alarms.cameraBack';
    const label = t.source === 'screen' ? 'screen' : t.id;
    const payload: Alarm = { kind: 'cameraLost', channel: null, role: t.role, code, params: { track: t.id, label, device: t.label.slice(0, 100) }, active, at: Date.now(), sessionId: s.id };
    if (active) this.deps.log.warn({ alarm: 'cameraLost', track: t.id, role: t.role, device: t.label }, 'camera lost');
    else this.deps.log.info({ alarm: 'cameraLost', track: t.id, active }, 'camera back');
    this.deps.events.emit('recording.alarm', payload);
  }

  private control(c: VideoControl): void {
    this.deps.log.info(c, 'video control');
    this.deps.events.emit('video.control', c);
  }

  private emitStatus(): void {
    try {
      this.deps.events.emit('video.status', this.status());
    } catch (e) {
      this.deps.log.warn({ err: e }, 'video status push failed');
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Part and remux files a finished folder must not keep (used by tests and recovery). */
export function videoLeftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => /^(cam\d+|screen)-\d{6}\.(webm|mp4)\.(part|remux)$/.test(f)).map((f) => path.join(dir, f));
}

