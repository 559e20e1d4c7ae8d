import { describe, expect, it } from 'vitest';
import { LiveWatch, type WatchAlarm } from '../../main/recording/live-watch';
import { LIVE_WATCH, ROOM_TEST } from '../../main/recording/thresholds';
import { gain, mainsHum, noise, pcmOf, RATE, silence, speechLike, square, sum, type Gen } from '../roomcheck/signals';

// The live watch on generated PCM, fed as the capture delivers it (in small chunks): each alarm
// on the right channel, raised within the times LIVE_WATCH promises, cleared when it is over, and
// nothing for speech, quiet or a clean room. The real-device version is in alarms.test.ts.

interface Heard extends WatchAlarm {
  second: number;
}

function run(watch: LiveWatch, gens: Gen[], seconds: number, heard: Heard[], startSecond = 0): void {
  const pcm = pcmOf(gens, seconds);
  const chunk = Math.round(RATE * 0.02) * gens.length; // 20 ms, as arecord delivers
  for (let o = 0; o < pcm.length; o += chunk) {
    const second = startSecond + o / gens.length / RATE;
    const before = heard.length;
    watch.feed(pcm.subarray(o, o + chunk));
    for (let i = before; i < heard.length; i++) heard[i]!.second = second;
  }
}

function watchOf(channels: number, heard: Heard[]): LiveWatch {
  return new LiveWatch(channels, RATE, (a) => heard.push({ ...a, second: 0 }));
}

describe('live watch: the room test questions asked of the recording', () => {
  it('clipping on channel 2 within a second, cleared after clipClearBlocks quiet seconds; speech on 1 raises nothing', () => {
    const heard: Heard[] = [];
    const w = watchOf(3, heard);
    run(w, [speechLike(), square(440), silence], 3, heard);
    expect(heard.map((a) => [a.kind, a.channel, a.active])).toEqual([['clipping', 2, true]]);
    expect(heard[0]!.second).toBeLessThanOrEqual(1.05);
    expect(heard[0]!.params.samples).toBeGreaterThanOrEqual(ROOM_TEST.clipSamples);
    run(w, [speechLike(), gain(speechLike(5), 0.5), silence], LIVE_WATCH.clipClearBlocks + 1, heard, 3);
    expect(heard.map((a) => [a.kind, a.channel, a.active])).toEqual([
      ['clipping', 2, true],
      ['clipping', 2, false],
    ]);
    expect(heard[1]!.second - 3).toBeGreaterThanOrEqual(LIVE_WATCH.clipClearBlocks - 1);
  });

  it('hum on channel 3 within humBlocks seconds (with quiet speech under it too), cleared when it stops', () => {
    const heard: Heard[] = [];
    const w = watchOf(3, heard);
    run(w, [speechLike(), silence, sum(mainsHum(0.1), noise(0.001))], 8, heard);
    expect(heard.map((a) => [a.kind, a.channel, a.active])).toEqual([['hum', 3, true]]);
    expect(heard[0]!.second).toBeLessThanOrEqual(LIVE_WATCH.humBlocks + 0.05);
    expect(heard[0]!.params.percent).toBeGreaterThanOrEqual(ROOM_TEST.humShare * 100);
    run(w, [speechLike(), silence, silence], LIVE_WATCH.humBlocks + 1, heard, 8);
    expect(heard.map((a) => [a.kind, a.channel, a.active])).toEqual([
      ['hum', 3, true],
      ['hum', 3, false],
    ]);
  });

  it('a clipping square wave is clipping, not hum; a hum below the silence threshold is no alarm; reset clears what is up', () => {
    const heard: Heard[] = [];
    const w = watchOf(2, heard);
    // 200 Hz is the 4th harmonic of 50 Hz: its power is "hum", but a clipping channel is clipping first, as in the room test.
    run(w, [square(200), mainsHum(0.0004)], 8, heard);
    expect(heard.map((a) => [a.kind, a.channel, a.active])).toEqual([['clipping', 1, true]]);
    w.reset();
    expect(heard.map((a) => [a.kind, a.channel, a.active])).toEqual([
      ['clipping', 1, true],
      ['clipping', 1, false],
    ]);
  });

  it('speech with pauses and a quiet room raise nothing', () => {
    const heard: Heard[] = [];
    const w = watchOf(2, heard);
    run(w, [speechLike(), noise(0.002)], 12, heard);
    expect(heard).toEqual([]);
  });
});
