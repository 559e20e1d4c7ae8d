import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

// The capture tool on Linux: arecord, with the arguments node-record-lpcm16 gives it (-c N keeps
// N microphones N channels, raw S16_LE on stdout) plus a short period. arecord's default period
// is a quarter of its buffer, 125 ms: the audio then reaches the core in 125 ms lumps whose
// arrival times place a capture on the clock (clock-estimate.ts) only to within a fraction of
// that, worse under load. Measured with clicks into the room and the conference at one instant,
// on this machine with both cores busy: 125 ms periods put the two tracks 50–80 ms apart, 10 ms
// periods within 1 ms. The buffer stays at arecord's 500 ms, which a busy core must not outlast.
export const PERIOD_US = 10_000;
export const BUFFER_US = 500_000;

export interface ArecordOptions {
  device: string;
  channels: number;
  sampleRate: number;
}

export function arecordArgs(o: ArecordOptions): string[] {
  return ['-D', o.device, '-q', '-r', String(o.sampleRate), '-c', String(o.channels), '-t', 'raw', '-f', 'S16_LE', `--period-time=${PERIOD_US}`, `--buffer-time=${BUFFER_US}`, '-'];
}

/** The running tool and its PCM, in the shape node-record-lpcm16's recording has. */
export function spawnArecord(o: ArecordOptions): { process: ChildProcess; stream(): Readable } {
  const cp = spawn('arecord', arecordArgs(o), { stdio: ['ignore', 'pipe', 'pipe'] });
  return { process: cp, stream: () => cp.stdout! };
}
