import { describe, expect, it } from 'vitest';
import { Capture } from '../../main/recording/capture';
import { ConferenceAligner } from '../../main/recording/conference-aligner';

// The aligner on simulated capture clocks: the conference's sound card runs 100 ppm fast or slow
// against the microphones' (what two USB devices do), or the microphones' chunks come later and
// later (what a loaded machine did), chunks arrive with jitter, and each conference
// sample carries its own frame number, so every written frame shows which conference instant
// it holds. Real capture runs (Capture objects, not started) carry the real clock estimates.

const RATE = 48000;
const CHUNK = 960; // 20 ms

function run(seconds: number, confPpm: number, opts: { confDownFrom?: number; confDownTo?: number; micLateMs?: (t: number) => number } = {}) {
  const mic = new Capture({ device: 'sim-mic', channels: 1, sampleRate: RATE });
  const conf = new Capture({ device: 'sim-conf', channels: 1, sampleRate: RATE });
  let now = 0;
  const written: number[] = [];
  let closes = 0;
  const aligner = new ConferenceAligner(
    { write: (pcm) => { for (let i = 0; i < pcm.length; i += 2) written.push(pcm.readUInt16LE(i)); }, closeSegment: () => (closes += 1) },
    { channels: 1, sampleRate: RATE, now: () => now },
  );
  const confRate = RATE * (1 + confPpm / 1e6);
  let confFrames = 0;
  let micFrames = 0;
  // Deterministic jitter: arrivals 3 to 25 ms after the chunk's last sample.
  let seed = 7;
  const jitter = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 22 + 3;
  const confStartMs = 40; // the conference capture came up 40 ms after the microphones
  for (let t = 20; t <= seconds * 1000 + 20; t += 20) {
    now = t + jitter();
    // The microphones: 960 frames every 20 ms of system time (their clock is the reference); frame j was captured at j / RATE.
    const first = micFrames;
    micFrames = (t / 1000) * RATE;
    mic.frames = micFrames;
    mic.clock.observe(now + (opts.micLateMs?.(t) ?? 0), micFrames);
    const down = opts.confDownFrom !== undefined && t >= opts.confDownFrom && t < (opts.confDownTo ?? Infinity);
    // The conference: whatever its faster clock produced by now, numbered by its frame.
    const due = Math.floor(Math.max(0, t - confStartMs) / 1000 * confRate);
    if (due > confFrames) {
      const pcm = Buffer.alloc((due - confFrames) * 2);
      for (let i = 0; i < due - confFrames; i++) pcm.writeUInt16LE((confFrames + i) & 0xffff, i * 2);
      const firstConf = confFrames;
      confFrames = due;
      conf.frames = confFrames;
      conf.clock.observe(now, confFrames);
      if (!down) aligner.onConference(pcm, conf, firstConf);
    }
    aligner.follow(CHUNK, mic.clock.wallOfFrame(first), 0);
  }
  aligner.pump(true);
  aligner.close();
  return { written, stats: aligner.takeSegmentStats(), closes, confRate, confStartMs };
}

/** The conference frame that was playing at mic frame j (both clocks from system time 0). */
const expectedConf = (j: number, confRate: number, confStartMs: number) => (j / RATE - confStartMs / 1000) * confRate;

describe('conference aligner', () => {
  /** How far (ms) the conference frame written at each of these seconds is from the one playing then. */
  function errorsAt(r: ReturnType<typeof run>, secs: number[]): number[] {
    return secs.map((sec) => {
      const j = sec * RATE;
      let d = r.written[j]! - (Math.round(expectedConf(j, r.confRate, r.confStartMs)) & 0xffff);
      if (d > 0x8000) d -= 0x10000;
      if (d < -0x8000) d += 0x10000;
      return (d / RATE) * 1000;
    });
  }

  it('keeps a conference clock 100 ppm fast within 20 ms of the room over 30 minutes, frame for frame, and counts its corrections', () => {
    const r = run(30 * 60, 100);
    expect(r.written.length).toBe(30 * 60 * 50 * CHUNK + CHUNK); // exactly the microphones' frames
    expect(r.closes).toBe(1);
    for (const e of errorsAt(r, [5, 60, 600, 1200, 1799])) expect(Math.abs(e)).toBeLessThanOrEqual(20);
    // 100 ppm over 30 min is 180 ms: without correcting, the end would be that far off.
    expect(r.stats.corrections).toBeGreaterThan(0);
    expect(r.stats.shiftFrames).toBeGreaterThan(0.15 * RATE); // frames skipped to keep up with the faster clock
    expect(r.stats.missingFrames).toBeLessThan(RATE / 10); // only the 40 ms before the conference came up
  });

  it('keeps a conference clock 100 ppm slow within 20 ms over 30 minutes: its drift is measured, and frames are repeated', () => {
    const r = run(30 * 60, -100);
    const errors = errorsAt(r, [5, 60, 119, 180, 600, 1200, 1799]);
    for (const e of errors) expect(Math.abs(e)).toBeLessThanOrEqual(20);
    expect(r.stats.shiftFrames).toBeLessThan(-0.15 * RATE);
  });

  it('does not take a capture that delivers later and later for a moved clock (as a loaded machine did: +44 ms from 30 s, +121 ms from 170 s)', () => {
    const r = run(6 * 60, 0, { micLateMs: (t) => (t >= 170_000 ? 121 : t >= 30_000 ? 44 : 0) });
    for (const e of errorsAt(r, [5, 29, 31, 60, 169, 171, 240, 359])) expect(Math.abs(e)).toBeLessThanOrEqual(5);
    // Only the first seconds' settling moves the read position (about a millisecond), not the rises.
    expect(Math.abs(r.stats.shiftFrames)).toBeLessThan(RATE / 200);
  });

  it('writes silence for the time the conference capture delivered nothing, and counts it, without holding up the room', () => {
    const { written, stats } = run(20, 0, { confDownFrom: 5000, confDownTo: 8000 });
    expect(written.length).toBe(20 * 50 * CHUNK + CHUNK);
    const silent = written.slice(6 * RATE, 7 * RATE);
    expect(silent.every((v) => v === 0)).toBe(true);
    expect(stats.missingFrames).toBeGreaterThan(2.9 * RATE);
    expect(stats.missingFrames).toBeLessThan(3.2 * RATE);
    // After it, the conference's own frames again, in place.
    const j = 12 * RATE;
    expect(Math.abs(written[j]! - (Math.round(expectedConf(j, RATE, 40)) & 0xffff))).toBeLessThan(RATE / 50);
  });
});
