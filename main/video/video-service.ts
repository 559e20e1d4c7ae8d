import type { Alarm, RecordingState } from '../../common/contract/recording';
import { MAX_RECORDED_CAMERAS, type VideoControl, type VideoStatus, type VideoTrackStatus } from '../../common/contract/video';
import { HattamaError } from '../../common/errors';
import type { OpenSession } from '../evidence/open-session';
import type { SessionHost } from '../evidence/session-host';
import type { EventBus } from '../runtime/event-bus';
import type { Logger } from '../log/logger';
import { ChunkSequencer } from './chunk-sequencer';
import { RunCloser } from './run-closer';
import { audioPositionAt } from './timeline';
import { VideoSession, type OpenInput, type Run, type Track } from './video-session';

// The core side of video. Tracks join the session the audio recorder opened in the evidence
// store (SessionHost). Runs start with the session (and after each pause), rotate when the
// audio starts a new segment (the core sends `video.control rotate`; the renderer starts the new
// recorder before stopping the old one, so the two overlap by a moment instead of leaving a
// hole) and stop before the session is signed (`video.control stop`; the session waits for the
// last chunks, as an attached track, before its manifest is built).
//
// A run that stops receiving chunks for `staleMs` (the camera or the whole UI went away) is
// closed and its camera alarmed; when the UI is back it opens a new run, and the time between
// is a recorded gap of that track.

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
  log: Logger;
  events: Pick<EventBus, 'emit' | 'on'>;
  /** The evidence store's session host: where the audio recorder's session is found. */
  sessions: SessionHost;
}

export class VideoService {
  readonly tuning: VideoTuning;
  private session: VideoSession | null = null;
  private recState: RecordingState['state'] = 'idle';
  private readonly offs: Array<() => void> = [];
  private readonly sequencer: ChunkSequencer;
  private readonly closer: RunCloser;

  constructor(
    private readonly deps: VideoDeps,
    tuning: Partial<VideoTuning> = {},
  ) {
    this.tuning = { ...DEFAULT_VIDEO_TUNING, ...tuning };
    this.sequencer = new ChunkSequencer(deps.log, this.tuning.maxAhead);
    this.closer = new RunCloser(deps.log, this.sequencer, () => this.emitStatus());
    this.offs.push(deps.sessions.onOpen((s) => this.beginSession(s)));
    this.offs.push(deps.events.on('recording.state', (s) => this.onRecordingState(s)));
    const open = deps.sessions.active;
    if (open) this.beginSession(open);
  }

  // ---------------------------------------------------------------- calls

  open(input: OpenInput): { run: number; position: number } {
    const s = this.requireSession(input.sessionId, true);
    const ext = input.mimeType.startsWith('video/mp4') ? 'mp4' : 'webm';
    let track = s.tracks.get(input.track);
    if (track && track.mimeType !== input.mimeType) {
      throw new HattamaError('video.formatChanged', { track: input.track, was: track.mimeType, now: input.mimeType });
    }
    if (input.source === 'camera' && !s.hasOpenRun(input.track)) {
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
    // A fresh start of this track (session start, resume, or the UI came back): runs still open
    // for it are orphans of a UI that went away.
    if (input.continues === null) for (const r of s.runsOf(track)) void this.closer.close(s, r, false);
    if (track.brokenSince !== null) this.markInterruption(s, track, startedAt);
    if (track.lost) {
      track.lost = false;
      this.alarm(s, track, false);
    }
    const id = s.nextRun++;
    let resolveChained!: () => void;
    const chained = new Promise<void>((r) => (resolveChained = r));
    const run: Run = { id, track, startedAt, position: audioPositionAt(s.session.entries, startedAt), openedAt: now, lastChunkAt: null, next: 0, pending: new Map(), missing: 0, chunks: 0, index: null, file: null, prevChained: Promise.resolve(), chained, resolveChained };
    s.runs.set(id, run);
    this.deps.log.info({ sessionId: s.id, track: track.id, run: id, position: run.position, skewMs: skew, mimeType: input.mimeType, continues: input.continues }, 'video run opened');
    this.emitStatus();
    return { run: id, position: run.position };
  }

  chunk(input: { sessionId: string; track: string; run: number; seq: number; data: string }): { acked: number; duplicate: boolean } {
    const s = this.requireSession(input.sessionId, false);
    return this.sequencer.accept(s, this.requireRun(s, input.track, input.run), input);
  }

  async close(input: { sessionId: string; track: string; run: number; lastSeq: number }): Promise<{ closed: boolean }> {
    const s = this.requireSession(input.sessionId, false);
    const run = this.requireRun(s, input.track, input.run);
    // Chunks announced but never received are a hole at the end of the file.
    if (input.lastSeq >= run.next) {
      const held = [...run.pending.keys()].filter((k) => k <= input.lastSeq).length;
      run.missing += Math.max(0, input.lastSeq - run.next + 1 - held);
    }
    await this.closer.close(s, run, true);
    return { closed: true };
  }

  lost(input: { sessionId: string; track: string; run: number | null }): { alarmed: boolean } {
    const s = this.requireSession(input.sessionId, false);
    const track = s.tracks.get(input.track);
    if (!track) throw new HattamaError('video.unknownTrack', { track: input.track, run: input.run ?? '-' });
    for (const r of s.runsOf(track)) void this.closer.close(s, r, false);
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
      const run = s.runsOf(t).at(-1);
      const state = t.lost ? 'lost' : run ? 'recording' : 'closed';
      return { track: t.id, source: t.source, role: t.role, label: t.label, run: run?.id ?? null, segments: t.segments, bytes: t.bytes, lastChunkAt: run?.lastChunkAt ?? null, state };
    });
    return { sessionId: s.id, accepting: this.accepting(s), tracks };
  }

  /** The core is closing (after the recorder stopped the session). */
  shutdown(): void {
    for (const off of this.offs.splice(0)) off();
    const s = this.session;
    if (s) {
      // The recorder stops the session (and so finishes video) before this runs; this is only a
      // process going away mid-session: leave the part files for recovery.
      clearInterval(s.timer);
      for (const r of s.runs.values()) r.file?.abandon();
      this.session = null;
    }
  }

  // ---------------------------------------------------------------- session

  private beginSession(session: OpenSession): void {
    const timer = setInterval(() => this.tick(), this.tuning.syncMs);
    timer.unref();
    const s = new VideoSession(session, 0, timer, this.deps.log);
    this.session = s;
    session.attach({ finish: () => this.finishSession(s) });
    this.deps.log.info({ sessionId: s.id }, 'video: session open for cameras');
  }

  private onRecordingState(st: RecordingState): void {
    this.recState = st.state;
    const s = this.session;
    if (s && s.id === st.sessionId && (st.state === 'recording' || st.state === 'paused')) {
      if (st.state === 'recording' && st.segments > s.audioSegments && !s.finishing) {
        // The audio closed a segment and goes on in a new one: so does the video.
        this.control({ sessionId: s.id, action: 'rotate' });
      }
      s.audioSegments = st.segments;
    }
    this.emitStatus();
  }

  /** Every run closed and chained before the session's manifest is built. */
  private async finishSession(s: VideoSession): Promise<void> {
    if (this.session !== s) return;
    s.finishing = true;
    this.control({ sessionId: s.id, action: 'stop' });
    const until = Date.now() + this.tuning.finishWaitMs;
    while (s.runs.size > 0 && Date.now() < until) await sleep(50);
    for (const r of [...s.runs.values()]) void this.closer.close(s, r, false);
    await Promise.all([...s.closing]);
    await Promise.all([...s.tracks.values()].map((t) => t.lastChained));
    clearInterval(s.timer);
    for (const t of s.tracks.values()) if (t.lost) this.alarm(s, t, false);
    this.session = null;
    this.deps.log.info({ sessionId: s.id, tracks: [...s.tracks.values()].map((t) => ({ track: t.id, segments: t.segments, bytes: t.bytes })) }, 'video: session finished');
    this.emitStatus();
  }

  /** Once a second: part files synced, holes that waited long enough given up, silent runs closed. */
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
      const oldest = Math.min(...[...r.pending.values()].map((p) => p.at));
      if (r.pending.size && now - oldest > this.tuning.reorderMs) this.sequencer.skipHole(s, r);
      const last = r.lastChunkAt ?? r.openedAt;
      if (!s.finishing && now - last > this.tuning.staleMs) {
        this.deps.log.warn({ sessionId: s.id, track: r.track.id, run: r.id, silentMs: now - last }, 'video run delivers nothing: closing it');
        r.track.brokenSince ??= last;
        void this.closer.close(s, r, false);
        if (!r.track.lost && !s.hasOpenRun(r.track.id)) {
          r.track.lost = true;
          this.alarm(s, r.track, true);
        }
        this.emitStatus();
      }
    }
  }

  /** The time between a track's broken run and its new one: a gap of that track on the timeline. */
  private markInterruption(s: VideoSession, track: Track, startedAt: number): void {
    const since = track.brokenSince!;
    track.brokenSince = null;
    const at = new Date(since).toISOString();
    s.session
      .enqueueTask((append) => {
        append({ type: 'mark', mark: { type: 'gap', at, position: Math.max(0, audioPositionAt(s.session.entries, since)), gapMs: Math.max(0, Math.round(startedAt - since)), reason: 'video-interrupted', track: track.id } });
      })
      .catch((e) => this.deps.log.error({ err: e }, 'could not chain a video gap'));
  }

  // ---------------------------------------------------------------- helpers

  private accepting(s: VideoSession): boolean {
    return !s.finishing && this.recState === 'recording' && this.deps.sessions.active === s.session;
  }

  private requireSession(sessionId: string, opening: boolean): VideoSession {
    const s = this.session;
    if (!s) throw new HattamaError('video.notRecording');
    if (s.id !== sessionId) throw new HattamaError('video.wrongSession', { sessionId: sessionId.slice(0, 100) });
    if (opening && !this.accepting(s)) throw new HattamaError('video.notRecording');
    return s;
  }

  private requireRun(s: VideoSession, track: string, id: number): Run {
    const run = s.runs.get(id);
    if (run && run.track.id === track) return run;
    if (s.closedRuns.has(id)) throw new HattamaError('video.runClosed', { track, run: id });
    throw new HattamaError('video.unknownTrack', { track, run: id });
  }

  private alarm(s: VideoSession, t: Track, active: boolean): void {
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
