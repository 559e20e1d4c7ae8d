import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { CHANNEL_MAP, ROOM_CHANNELS, ROOM_RATE } from '../../test/support/pulse';

// A tone in the room at the moment the fake camera shows its flash, as e2e/video-sync.spec.ts
// does it: Chromium loops the camera's y4m from when it opens the device, so the page opens the
// same camera, finds the flashes' capture times (requestVideoFrameCallback, wall clock) and so
// their phase and period; the tone is written into the room (pacat, already running, 20 ms
// latency) at a predicted flash plus `intoFlashMs`.

export function roomWriter(): ChildProcess {
  return spawn('pacat', ['--playback', '-d', 'room', '--latency-msec=20', '--raw', '--format=s16le', `--rate=${ROOM_RATE}`, `--channels=${ROOM_CHANNELS}`, `--channel-map=${CHANNEL_MAP}`], { stdio: ['pipe', 'ignore', 'ignore'] });
}

/** A 1 kHz tone of `ms` on the room's first channel (the judge's microphone), raw for pacat. */
export function toneRaw(ms: number): Buffer {
  const frames = Math.round((ROOM_RATE * ms) / 1000);
  const b = Buffer.alloc(frames * ROOM_CHANNELS * 2);
  for (let i = 0; i < frames; i++) b.writeInt16LE(Math.round(16000 * Math.sin((2 * Math.PI * 1000 * i) / ROOM_RATE)), i * ROOM_CHANNELS * 2);
  return b;
}

/** Wall-clock times (ms) of the fake camera's next flashes as the page sees them, and their period. */
export async function watchFlashes(page: Page): Promise<{ flashes: number[]; period: number }> {
  const flashes = await page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
    const v = document.createElement('video');
    v.muted = true;
    v.srcObject = stream;
    document.body.appendChild(v);
    await v.play();
    const c = document.createElement('canvas');
    c.width = 32;
    c.height = 24;
    const g = c.getContext('2d', { willReadFrequently: true })!;
    const seen: number[] = [];
    let bright = false;
    await new Promise<void>((resolve) => {
      const done = setTimeout(resolve, 8000);
      const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
        g.drawImage(v, 0, 0, 32, 24);
        const d = g.getImageData(0, 0, 32, 24).data;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4) sum += d[i]! + d[i + 1]! + d[i + 2]!;
        const isBright = sum / (d.length / 4) / 3 > 240;
        if (isBright && !bright) {
          seen.push(performance.timeOrigin + (meta.captureTime ?? meta.expectedDisplayTime));
          if (seen.length >= 3) {
            clearTimeout(done);
            resolve();
            return;
          }
        }
        bright = isBright;
        v.requestVideoFrameCallback(onFrame);
      };
      v.requestVideoFrameCallback(onFrame);
    });
    for (const t of stream.getTracks()) t.stop();
    v.remove();
    return seen;
  });
  const period = flashes.length > 1 ? (flashes[flashes.length - 1]! - flashes[0]!) / (flashes.length - 1) : NaN;
  return { flashes, period };
}

/**
 * Writes `tone` into the room at the first predicted flash at least `aheadMs` from now, plus
 * `intoFlashMs`: silence up to that moment and the tone in one write, so that a late timer of
 * this process cannot move it (pacat plays the stream at the room's rate). Resolves with that
 * wall-clock time once the tone has been played.
 */
export async function toneAtFlash(room: ChildProcess, seen: { flashes: number[]; period: number }, tone: Buffer, intoFlashMs: number, aheadMs = 1000): Promise<number> {
  let target = seen.flashes[seen.flashes.length - 1]! + intoFlashMs;
  while (target < Date.now() + aheadMs) target += seen.period;
  // pacat's 20 ms latency ahead of the sink.
  const leadFrames = Math.round(((target - Date.now() - 20) * ROOM_RATE) / 1000);
  room.stdin!.write(Buffer.concat([Buffer.alloc(Math.max(0, leadFrames) * ROOM_CHANNELS * 2), tone]));
  await new Promise((r) => setTimeout(r, Math.max(0, target - Date.now()) + tone.length / (ROOM_CHANNELS * 2) / (ROOM_RATE / 1000)));
  return target;
}
