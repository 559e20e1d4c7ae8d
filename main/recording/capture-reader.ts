import { spawn } from 'node:child_process';
import { parentPort, workerData } from 'node:worker_threads';

// The capture tool's reader, on a thread of its own (started by reader-thread.ts). The core's
// thread may be busy for a second or more (a large SQLite write, a garbage collection, a
// starved CPU); the tool's pipe and its device buffer hold well under a second of eight
// channels, so a reader on that thread would let the device overrun (audio lost without a
// trace) or see a "stall" that was only its own delay and restart a healthy capture (a gap).
// Here every chunk is taken off the pipe as it comes and stamped with its arrival; the core
// handles the queue when it can. A stall is judged here too, on this thread's own clock.

export interface ReaderJob {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** No audio for this long once audio has come: the tool is killed (0: never). */
  stallMs: number;
}

export type ReaderMessage =
  | { type: 'spawned'; pid: number | undefined }
  | { type: 'data'; bytes: ArrayBuffer; at: number }
  | { type: 'stderr'; text: string }
  | { type: 'close'; code: number | null; signal: string | null; stalled: boolean };

export type ReaderCommand = { type: 'signal'; signal: 'SIGTERM' | 'SIGKILL' };

const port = parentPort;
if (port) {
  const job = workerData as ReaderJob;
  const post = (m: ReaderMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const cp = spawn(job.cmd, job.args, { stdio: ['ignore', 'pipe', 'pipe'], ...(job.env ? { env: job.env } : {}) });
  let lastData = 0;
  let stalled = false;
  post({ type: 'spawned', pid: cp.pid });
  cp.on('error', (e) => post({ type: 'stderr', text: `${e.message}\n` }));
  cp.stderr.on('data', (b: Buffer) => post({ type: 'stderr', text: b.toString() }));
  cp.stdout.on('data', (b: Buffer) => {
    lastData = Date.now();
    // A copy of exactly these bytes: the chunk may share its memory with others.
    const bytes = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    post({ type: 'data', bytes, at: lastData }, [bytes]);
  });
  const watch = job.stallMs > 0
    ? setInterval(() => {
        if (lastData > 0 && !stalled && Date.now() - lastData > job.stallMs) {
          stalled = true;
          cp.kill('SIGKILL');
        }
      }, Math.min(100, job.stallMs))
    : null;
  port.on('message', (c: ReaderCommand) => {
    if (c.type === 'signal') cp.kill(c.signal);
  });
  cp.on('close', (code, signal) => {
    if (watch) clearInterval(watch);
    // The core ends this thread once it has this message (and so everything before it).
    post({ type: 'close', code, signal, stalled });
  });
}
