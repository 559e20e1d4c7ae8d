import { describe, expect, it } from 'vitest';
import { ConferenceWatch } from '../../main/recording/conference-watch';
import { LIVE_WATCH, ROOM_TEST } from '../../main/recording/thresholds';

// The conference track's silence alarm and live levels, fed PCM as its capture delivers it:
// raised only while a participant attends remotely, after LIVE_WATCH.conferenceSilentMs of
// nothing above the room test's silence threshold; cleared by sound, by nobody attending
// remotely any more, by a pause and by the end of the session.

const RATE = 8000;
const CH = 2;

/** `seconds` of stereo s16le: a 440 Hz sine of `amplitude` (0..1 of full scale) on both channels, or digital silence. */
function pcm(seconds: number, amplitude = 0): Buffer {
  const frames = Math.round(seconds * RATE);
  const out = new Int16Array(frames * CH);
  for (let i = 0; i < frames; i++) {
    const s = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 440 * i) / RATE));
    out[i * CH] = s;
    out[i * CH + 1] = s;
  }
  return Buffer.from(out.buffer);
}

/** Feeds in 100 ms chunks, as a capture delivers. */
function feed(w: ConferenceWatch, buf: Buffer): void {
  const chunk = (RATE / 10) * CH * 2;
  for (let o = 0; o < buf.length; o += chunk) w.feed(buf.subarray(o, Math.min(buf.length, o + chunk)));
}

function watch() {
  const alarms: Array<{ active: boolean; params: Record<string, number | string> }> = [];
  const w = new ConferenceWatch({ channels: CH, sampleRate: RATE, roles: ['conference-left', 'conference-right'], device: 'conference.monitor' }, (active, params) => alarms.push({ active, params }));
  return { w, alarms };
}

const LIMIT_S = LIVE_WATCH.conferenceSilentMs / 1000;
// A level just under the silence threshold (−60 dBFS RMS): a sine of amplitude 10^(−62/20)·√2.
const UNDER = Math.SQRT2 * 10 ** ((ROOM_TEST.silentDb - 2) / 20);
const OVER = Math.SQRT2 * 10 ** ((ROOM_TEST.silentDb + 6) / 20);

describe('the conference silence alarm', () => {
  it('is raised once after the threshold of silence while a participant attends remotely, not before, and cleared when sound comes back', () => {
    const { w, alarms } = watch();
    w.setExpected(true);
    feed(w, pcm(LIMIT_S - 1));
    expect(alarms).toEqual([]);
    feed(w, pcm(1.1));
    expect(alarms).toEqual([{ active: true, params: { device: 'conference.monitor', seconds: LIMIT_S } }]);
    expect(w.silentAlarmUp).toBe(true);
    feed(w, pcm(30));
    expect(alarms).toHaveLength(1); // raised once, not every window
    feed(w, pcm(0.2, 0.3));
    expect(alarms.at(-1)).toEqual({ active: false, params: { device: 'conference.monitor' } });
    expect(w.silentAlarmUp).toBe(false);
  });

  it('counts a level under the room test silence threshold as silence, and one over it as sound', () => {
    const under = watch();
    under.w.setExpected(true);
    feed(under.w, pcm(LIMIT_S + 1, UNDER));
    expect(under.alarms.map((a) => a.active)).toEqual([true]);
    const over = watch();
    over.w.setExpected(true);
    feed(over.w, pcm(LIMIT_S + 1, OVER));
    expect(over.alarms).toEqual([]);
  });

  it('is never raised while no participant attends remotely, however long the silence', () => {
    const { w, alarms } = watch();
    feed(w, pcm(LIMIT_S * 3));
    expect(alarms).toEqual([]);
    // Silence counts from the moment one does attend remotely, not from before.
    w.setExpected(true);
    feed(w, pcm(LIMIT_S - 1));
    expect(alarms).toEqual([]);
    feed(w, pcm(1.1));
    expect(alarms.map((a) => a.active)).toEqual([true]);
  });

  it('is cleared when no participant attends remotely any more, and by a pause, which does not count its silence', () => {
    const { w, alarms } = watch();
    w.setExpected(true);
    feed(w, pcm(LIMIT_S + 1));
    w.setExpected(false);
    expect(alarms.map((a) => a.active)).toEqual([true, false]);
    w.setExpected(true);
    feed(w, pcm(LIMIT_S + 1));
    expect(alarms.map((a) => a.active)).toEqual([true, false, true]);
    w.setEnabled(false); // recess
    expect(alarms.map((a) => a.active)).toEqual([true, false, true, false]);
    feed(w, pcm(LIMIT_S * 2));
    expect(alarms).toHaveLength(4);
    w.setEnabled(true); // resumed: counting afresh
    feed(w, pcm(LIMIT_S - 1));
    expect(alarms).toHaveLength(4);
    feed(w, pcm(1.1));
    w.end();
    expect(alarms.map((a) => a.active)).toEqual([true, false, true, false, true, false]);
  });

  it('gives the last window levels per channel while the capture delivers', () => {
    const { w } = watch();
    expect(w.levels()).toBeUndefined();
    feed(w, pcm(0.5, 0.1));
    const l = w.levels()!;
    expect(l.map((c) => [c.channel, c.role])).toEqual([
      [1, 'conference-left'],
      [2, 'conference-right'],
    ]);
    // A sine of amplitude 0.1: peak −20 dBFS, RMS −23 dBFS.
    for (const c of l) {
      expect(c.peakDb).toBeCloseTo(-20, 0);
      expect(c.rmsDb).toBeCloseTo(-23, 0);
    }
  });
});
