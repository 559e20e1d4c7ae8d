import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { OggPageSplitter, OGG_BOS, opusHeaderOn, packetsEnding, pageFlags } from './ogg-pages';

// The live observation's encoder: mono PCM into ffmpeg, Ogg Opus pages out. It runs beside the
// recording and is fed by it, so it must never slow or break it: write() only queues, never
// throws, and drops (and counts) audio when ffmpeg falls behind or is gone.

export interface OpusStreamOptions {
  /** Sample rate of the mono s16le PCM written (Hz); Opus resamples to 48 kHz internally. */
  sampleRate: number;
  /** Opus bit rate, ffmpeg notation. */
  bitrate?: string;
  /** Most PCM left queued for ffmpeg before writes are dropped (bytes); default 1 s of audio. */
  maxQueuedBytes?: number;
  /** The ffmpeg executable (tests point it elsewhere). */
  ffmpeg?: string;
  onHead?: (head: Buffer) => void;
  onPages?: (pages: Buffer) => void;
  onError?: (err: Error) => void;
}

/**
 * ffmpeg's arguments, each chosen by measurement (48 kHz, 125 ms chunks, ffmpeg 5.1):
 * - `-probesize 32 -analyzeduration 0`: the format is given, so nothing needs probing; by
 *   default ffmpeg reads about 1 s of input before it writes anything (head at 1.13 s after
 *   spawn, 0.14 s with these);
 * - `-page_duration 20000` (µs, one 20 ms packet a page): the ogg muxer holds packets until a
 *   page's duration is reached (default 1 s); a page a packet took the mean lag of a page behind
 *   its audio from 195 ms (100 ms pages) to about 110 ms, half of it the 125 ms chunking itself.
 *   The price is 28 bytes of page header per 80-byte packet at 32 kb/s, about 1.5 kB/s;
 * - `-flush_packets 1`: write each page to the pipe at once rather than filling a 32 KiB buffer;
 * - `-application voip -frame_duration 20`: speech, and libopus' usual frame (lookahead 6.5 ms).
 * `-fflags nobuffer` was left out: with it ffmpeg dropped the first frame.
 */
export function opusStreamArgs(sampleRate: number, bitrate = '32k'): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-probesize', '32', '-analyzeduration', '0',
    '-f', 's16le', '-ar', String(sampleRate), '-ac', '1', '-i', 'pipe:0',
    '-c:a', 'libopus', '-b:a', bitrate, '-application', 'voip', '-frame_duration', '20',
    '-page_duration', '20000', '-flush_packets', '1',
    '-f', 'ogg', 'pipe:1',
  ];
}

const CLOSE_GRACE_MS = 5_000;

export class OpusStream {
  onHead: ((head: Buffer) => void) | undefined;
  onPages: ((pages: Buffer) => void) | undefined;
  onError: ((err: Error) => void) | undefined;

  private readonly proc: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly splitter = new OggPageSplitter();
  private readonly maxQueued: number;
  private readonly bin: string;
  private headPages: Buffer[] = [];
  private headPacketsLeft = 2; // OpusHead, OpusTags
  private stderrTail = '';
  private gone = false; // ffmpeg exited, failed, or its stdin broke
  private closing: Promise<void> | null = null;
  private readonly exited: Promise<void>;
  private failed = false;
  private written = 0;
  private dropped = 0;

  constructor(opts: OpusStreamOptions) {
    this.onHead = opts.onHead;
    this.onPages = opts.onPages;
    this.onError = opts.onError;
    this.maxQueued = opts.maxQueuedBytes ?? opts.sampleRate * 2;
    this.bin = opts.ffmpeg ?? 'ffmpeg';
    this.proc = spawn(this.bin, opusStreamArgs(opts.sampleRate, opts.bitrate), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => {
      this.proc.on('close', (code, signal) => {
        this.gone = true;
        if (!this.closing && !this.failed) this.fail(new Error(`ffmpeg (live observation) exited unexpectedly (${signal ?? `code ${code}`}): ${this.stderrTail.trim() || 'no message'}`));
        else if (this.closing && code !== 0 && signal === null && !this.failed) this.fail(new Error(`ffmpeg (live observation) failed with code ${code}: ${this.stderrTail.trim() || 'no message'}`));
        resolve();
      });
    });
    this.proc.on('error', (e: NodeJS.ErrnoException) => {
      this.gone = true;
      this.fail(e.code === 'ENOENT' ? new Error(`ffmpeg not found ("${this.bin}", ENOENT): install ffmpeg (apt-get install ffmpeg) for live observation`, { cause: e }) : e);
    });
    // EPIPE when ffmpeg dies mid-write: the stream is lost, the caller must not notice.
    this.proc.stdin.on('error', () => (this.gone = true));
    this.proc.stderr.on('data', (b: Buffer) => (this.stderrTail = (this.stderrTail + b.toString()).slice(-2000)));
    this.proc.stdout.on('data', (b: Buffer) => this.onStdout(b));
  }

  /** Queue mono s16le PCM for encoding. Never throws or waits; drops the audio when it cannot be taken now. */
  write(monoPcm: Buffer): void {
    // A torn sample would shift every later one into noise; callers pass whole samples.
    const whole = monoPcm.length & ~1;
    this.dropped += monoPcm.length - whole;
    if (whole === 0) return;
    try {
      const stdin = this.proc.stdin;
      if (this.gone || this.closing || stdin.destroyed || !stdin.writable || stdin.writableLength + whole > this.maxQueued) {
        this.dropped += whole;
        return;
      }
      // Copied: the recorder reuses its buffers, and the pipe sends later.
      stdin.write(Buffer.from(monoPcm.subarray(0, whole)));
      this.written += whole;
    } catch {
      this.dropped += whole;
    }
  }

  /** PCM bytes handed to ffmpeg / dropped (ffmpeg slow or gone, torn samples). */
  get writtenBytes(): number {
    return this.written;
  }
  get droppedBytes(): number {
    return this.dropped;
  }

  /** End the input; resolves when ffmpeg has written its last pages (onPages before this) and exited. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = (async () => {
      try {
        this.proc.stdin.end();
      } catch {
        // already broken: the exit below settles it
      }
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), CLOSE_GRACE_MS);
      // 'close' follows 'error' too when the spawn itself failed (ENOENT).
      await this.exited;
      clearTimeout(timer);
    })();
    return this.closing;
  }

  private onStdout(b: Buffer): void {
    if (this.failed) return;
    let pages: Buffer[];
    try {
      pages = this.splitter.push(b);
    } catch (e) {
      this.fail(e as Error);
      return;
    }
    const audio: Buffer[] = [];
    for (const page of pages) {
      if (this.headPacketsLeft > 0) {
        if (this.headPages.length === 0 && !(pageFlags(page) & OGG_BOS && opusHeaderOn(page) === 'OpusHead')) {
          this.fail(new Error('ffmpeg (live observation) output does not start with an OpusHead page'));
          return;
        }
        this.headPages.push(page);
        this.headPacketsLeft -= packetsEnding(page);
        if (this.headPacketsLeft <= 0) this.call(() => this.onHead?.(Buffer.concat(this.headPages)));
      } else {
        audio.push(page);
      }
    }
    if (audio.length) this.call(() => this.onPages?.(audio.length === 1 ? audio[0]! : Buffer.concat(audio)));
  }

  /** Report the first fatal error and stop ffmpeg; later writes are dropped. */
  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.gone = true;
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
    this.call(() => this.onError?.(err));
  }

  // A throwing callback would surface in a stream handler as an uncaught exception and take
  // the recording's process down with it.
  private call(f: () => void): void {
    try {
      f();
    } catch (e) {
      if (!this.failed) this.fail(e as Error);
      else console.error('live observation callback failed:', e);
    }
  }
}
