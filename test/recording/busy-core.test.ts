import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../common/contract/recording';
import { verifySession } from '../../main/evidence/verify';
import { concatPcm, ensurePulse, PULSE_TOOLS, readWav, releasePulse, serverTone, sleep, stopPlayers } from '../support/pulse';
import { openService, signalCaptureWhileRecording, type ServiceHarness } from '../support/recording';
import { missingTools } from '../support/tools';

// The capture is read on a thread of its own (main/recording/capture-reader.ts): a core that is
// busy for longer than the device's buffer loses nothing and restarts nothing, while a tool
// that really stops delivering is still caught as stalled and restarted.
const skip = missingTools(...PULSE_TOOLS);
const RATE = 48000;
const FREQ = 440;

let h: ServiceHarness | undefined;
afterEach(async () => {
  stopPlayers();
  await h?.close();
  h = undefined;
});

/** Frames where channel 1's sine breaks its recurrence x[n] = 2cos(w) x[n-1] - x[n-2] (a lost or repeated sample). */
function sineBreaks(folder: string, files: string[], channels: number): number {
  const all = concatPcm(files.map((f) => readWav(path.join(folder, f))));
  const c2 = 2 * Math.cos((2 * Math.PI * FREQ) / RATE);
  const x = (n: number) => all.samples[n * channels]!;
  let breaks = 0;
  let quiet = 0;
  for (let n = 2; n < all.frames; n++) {
    if (Math.abs(x(n) - (c2 * x(n - 1) - x(n - 2))) > 40) breaks++;
    if (Math.abs(x(n)) + Math.abs(x(n - 1)) < 100) quiet++;
  }
  // A missing tone would have no breaks either.
  if (quiet > all.frames / 100) throw new Error(`the tone is missing from ${quiet} of ${all.frames} frames`);
  return breaks;
}

describe.skipIf(skip)('recording while the core is busy', () => {
  beforeAll(ensurePulse);
  afterAll(releasePulse);

  it('loses no sample and restarts nothing when the core is held for 1.5 s, longer than the device buffer', async () => {
    // The tone is made by the sound server itself: a player client starved by a busy machine
    // would break the sine before it reached the room (a clean-clone run saw 2 such breaks).
    const tone = serverTone(FREQ);
    await sleep(300);
    h = await openService();
    const alarms: Alarm[] = [];
    h.events.on('recording.alarm', (a) => alarms.push(a));
    await h.service.start({}, { channels: 8, segmentSeconds: 2 });
    const capture = h.service.currentCapture!;
    await sleep(2000);
    const heldFrom = Date.now();
    while (Date.now() - heldFrom < 1500) {
      // The core's thread held, as a long synchronous write would hold it.
    }
    await sleep(2500);
    expect(h.service.currentCapture).toBe(capture);
    const summary = await h.service.stopWithSummary();
    tone.stop();

    expect(alarms).toEqual([]);
    expect(summary.timeline.map((t) => t.type)).toEqual(['start', 'stop']);
    const frames = summary.segments.reduce((a, s) => a + s.frames, 0);
    expect(frames).toBe(capture.frames);
    // The tool's clock against the wall clock: the held 1.5 s are in the record, not dropped.
    const wallSec = (capture.lastDataAt - capture.startWallMs!) / 1000;
    expect(frames / RATE).toBeGreaterThan(5.5);
    expect(Math.abs(frames / RATE - wallSec)).toBeLessThan(0.3);
    expect(sineBreaks(summary.folder, summary.segments.map((s) => s.file), 8)).toBe(0);
    expect(verifySession(summary.folder).intact).toBe(true);
  });

  it('still restarts a tool that stops delivering (SIGSTOP), and puts the gap on the timeline', async () => {
    const run = await signalCaptureWhileRecording('SIGSTOP');
    h = run.h;
    const { alarms, victim } = run;
    expect(alarms.find((a) => a.kind === 'captureLost' && a.active)).toBeDefined();
    expect(alarms.find((a) => a.kind === 'captureRestarted')).toBeDefined();
    expect(h.service.currentCapture).not.toBe(victim);
    expect(victim.running).toBe(false);
    await sleep(800);
    const summary = await h.service.stopWithSummary();
    const gap = summary.timeline.find((t) => t.type === 'gap');
    expect(gap).toMatchObject({ reason: 'capture-restarted' });
    // The stall is judged after 700 ms without audio; the restart follows it.
    expect(gap!.gapMs).toBeGreaterThan(500);
    expect(gap!.gapMs).toBeLessThan(3000);
    expect(verifySession(summary.folder).intact).toBe(true);
  });
});
