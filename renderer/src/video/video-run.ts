import type { HattamaApi } from '../../../common/contract/api';
import { MAX_VIDEO_CHUNK_BYTES, type VIDEO_MIME_TYPES } from '../../../common/contract/video';
import { bytesToBase64 } from './base64';

// One MediaRecorder run: its chunks (1 s timeslice) go to the core in order, each with the run's
// id and a sequence number, one at a time; a chunk stays here until the core acknowledges it, and
// is resent after the bridge reconnects. The first chunk carries the container header, so a run
// is one playable file on the core's side; a new segment is always a new run.

export type MimeType = (typeof VIDEO_MIME_TYPES)[number];
export const TIMESLICE_MS = 1000;
/** Errors after which this run cannot go on (the core closed it, or the session ended). */
const FATAL = new Set(['video.runClosed', 'video.notRecording', 'video.wrongSession', 'video.unknownTrack', 'video.formatChanged', 'video.tooManyTracks']);

export interface RunSpec {
  sessionId: string;
  track: string;
  source: 'camera' | 'screen';
  role: string;
  label: string;
  width: number;
  height: number;
  mimeType: MimeType;
  continues: number | null;
}

export class VideoRun {
  id: number | null = null;
  private recorder: MediaRecorder | null = null;
  private seq = 0;
  private readonly queue: Array<{ seq: number; blob: Blob; data?: string }> = [];
  private pumping = false;
  private stopped = false;
  dead = false;
  private closed = false;
  private startedAt = 0;
  private readonly opened: Promise<void>;
  private resolveOpened!: () => void;

  constructor(
    private readonly api: () => HattamaApi,
    readonly spec: RunSpec,
    private readonly stream: MediaStream,
    private readonly onChange: () => void,
    private readonly onFatal: (code: string) => void,
  ) {
    this.opened = new Promise((r) => (this.resolveOpened = r));
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Starts the recorder, then opens the run with the core. */
  start(): void {
    const pixels = this.spec.width * this.spec.height;
    const rec = new MediaRecorder(this.stream, { mimeType: this.spec.mimeType, videoBitsPerSecond: Math.max(150_000, Math.round(pixels * 2.5)) });
    this.recorder = rec;
    rec.ondataavailable = (e) => this.add(e.data);
    rec.onstart = (e) => {
      // The first frame: the recorder's start, on this machine's wall clock.
      this.startedAt = performance.timeOrigin + e.timeStamp;
      void this.open();
    };
    rec.onerror = () => this.onFatal('video.recorderError');
    rec.start(TIMESLICE_MS);
  }

  private async open(): Promise<void> {
    for (;;) {
      const r = await this.api().video.open({ ...this.spec, startedAt: this.startedAt, sentAt: Date.now() });
      if (r.ok) {
        this.id = r.value.run;
        this.resolveOpened();
        this.onChange();
        void this.pump();
        return;
      }
      if (r.error.code === 'app.disconnected' && !this.stopped) {
        await sleep(500);
        continue;
      }
      console.warn(`video ${this.spec.track}: ${r.error.message}`);
      this.die(r.error.code);
      return;
    }
  }

  private add(blob: Blob): void {
    if (blob.size === 0 || this.dead) return;
    // Chunks are byte ranges of one stream: a big one is sent as several.
    for (let o = 0; o < blob.size; o += MAX_VIDEO_CHUNK_BYTES) this.queue.push({ seq: this.seq++, blob: blob.slice(o, o + MAX_VIDEO_CHUNK_BYTES) });
    this.onChange();
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.id === null || this.dead) return;
    this.pumping = true;
    try {
      while (this.queue.length && !this.dead) {
        const item = this.queue[0]!;
        item.data ??= bytesToBase64(new Uint8Array(await item.blob.arrayBuffer()));
        const r = await this.api().video.chunk({ sessionId: this.spec.sessionId, track: this.spec.track, run: this.id, seq: item.seq, data: item.data });
        if (r.ok) {
          this.queue.shift();
          this.onChange();
        } else if (r.error.code === 'app.disconnected') {
          await sleep(500); // kept: resent once the bridge is back
        } else if (FATAL.has(r.error.code)) {
          console.warn(`video ${this.spec.track}: ${r.error.message}`);
          this.die(r.error.code);
        } else {
          console.warn(`video ${this.spec.track}: chunk ${item.seq} refused: ${r.error.message}`);
          this.queue.shift();
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Stops the recorder, delivers every chunk, closes the run. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const rec = this.recorder;
    if (rec && rec.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        rec.addEventListener('stop', () => resolve(), { once: true });
        rec.stop();
        setTimeout(resolve, 3000);
      });
    }
    if (this.dead) return;
    await Promise.race([this.opened, sleep(3000)]);
    const until = Date.now() + 15_000;
    while ((this.queue.length || this.pumping) && !this.dead && Date.now() < until) {
      void this.pump();
      await sleep(50);
    }
    if (this.id === null || this.dead || this.closed) return;
    this.closed = true;
    const r = await this.api().video.close({ sessionId: this.spec.sessionId, track: this.spec.track, run: this.id, lastSeq: this.seq - 1 });
    if (!r.ok) console.warn(`video ${this.spec.track}: ${r.error.message}`);
  }

  /** The stream is gone: stop without waiting for anything. */
  abort(): void {
    this.stopped = true;
    try {
      if (this.recorder && this.recorder.state !== 'inactive') this.recorder.stop();
    } catch {
      // already stopped
    }
  }

  private die(code: string): void {
    if (this.dead) return;
    this.dead = true;
    this.queue.length = 0;
    this.abort();
    this.resolveOpened();
    this.onChange();
    this.onFatal(code);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
