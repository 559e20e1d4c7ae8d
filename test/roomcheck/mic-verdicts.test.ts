import { describe, expect, it } from 'vitest';
import { micVerdicts } from '../../main/roomcheck/mic-verdicts';
import { channelOf, channelStats, correlation, humShare } from '../../main/recording/pcm-analysis';
import { ROOM_TEST } from '../../main/roomcheck/thresholds';
import { gain, mainsHum, noise, pcmOf, RATE, silence, speechLike, square, sum } from './signals';

// The microphone verdicts on generated PCM: each threshold of main/roomcheck/thresholds.ts on
// either side of its line.

const role = (i: number) => `ch${i + 1}`;
const verdicts = (gens: Parameters<typeof pcmOf>[0], seconds = 4) => micVerdicts(pcmOf(gens, seconds), gens.length, RATE, role);

describe('room test: microphone verdicts on generated signals', () => {
  it('the acceptance room: speech on 1 and 3, square on 4, hum on 6, 7 = 1, the rest silent', () => {
    const speech1 = speechLike(11);
    const r = verdicts([speech1, silence, speechLike(23), square(440), silence, mainsHum(), speech1, silence]);
    expect(r.map((m) => m.verdict)).toEqual(['ok', 'silent', 'ok', 'clipping', 'silent', 'hum', 'duplicate', 'silent']);
    expect(r[6]!.duplicateOf).toBe(1);
    expect(r.filter((m) => m.channel !== 7).every((m) => m.duplicateOf === null)).toBe(true);
    expect(r[3]!.peakDb).toBeGreaterThan(-0.1);
    expect(r[3]!.clippedSamples).toBeGreaterThan(1000);
    expect(r[5]!.humShare).toBeGreaterThan(0.95);
    expect(r[0]!.humShare).toBeLessThan(0.1);
    expect(r[1]!.rmsDb).toBe(-120);
    // Speech: pauses between words give a low floor and a wide SNR.
    expect(r[0]!.snrDb).toBeGreaterThan(40);
    expect(r[0]!.rmsDb).toBeGreaterThan(-30);
    expect(r[0]!.rmsDb).toBeLessThan(-10);
  });

  it('silent is "nothing above -60 dBFS in any 100 ms window"; a faint but live microphone is not silent', () => {
    const just = ROOM_TEST.silentDb;
    const r = verdicts([noise(10 ** ((just - 6) / 20) * Math.sqrt(3)), sum(noise(0.0003), gain(speechLike(5), 0.05))]);
    expect(r[0]!.verdict).toBe('silent');
    expect(r[1]!.verdict).toBe('ok');
  });

  it('clipping needs 10 samples at full scale; speech peaking at -1 dBFS is ok', () => {
    const fewClips: (i: number) => number = (i) => (i % 48000 === 100 ? 32767 : 0) + speechLike(3)(i);
    const r = verdicts([fewClips, (i) => Math.max(-1, Math.min(1, speechLike(9, 1.5)(i) / 32767)) * 32767, gain(speechLike(10), 0.89 / 0.25 / 1.2)]);
    expect(r[0]!.clippedSamples).toBe(4);
    expect(r[0]!.verdict).toBe('ok');
    expect(r[1]!.verdict).toBe('clipping');
    expect(r[2]!.peakDb).toBeLessThan(-0.1);
    expect(r[2]!.verdict).toBe('ok');
  });

  it('hum is 50 Hz and harmonics holding at least half the power; speech over a little hum is ok', () => {
    const x = channelOf(pcmOf([mainsHum()], 2), 1, 0);
    expect(humShare(x, RATE)).toBeGreaterThan(0.99);
    const r = verdicts([mainsHum(), sum(speechLike(4), mainsHum(0.002)), sum(gain(speechLike(6), 0.3), mainsHum(0.2)), square(1000, 0.3)]);
    expect(r.map((m) => m.verdict)).toEqual(['hum', 'ok', 'hum', 'noisy']);
    // A 1 kHz tone is no mains hum: its power is at none of 50..400 Hz.
    expect(r[3]!.humShare).toBeLessThan(0.05);
  });

  it('hum is hum when the mains frequency is off by half a hertz (50.5 Hz falls between two 1 Hz bins), and when capture dropped a few bits of it (a loaded machine)', () => {
    const off = (level: number, hz: number): ((i: number) => number) => (i) => {
      const t = i / RATE;
      return (level * 32767 * (Math.sin(2 * Math.PI * hz * t) + 0.5 * Math.sin(2 * Math.PI * 2 * hz * t) + 0.3 * Math.sin(2 * Math.PI * 3 * hz * t))) / 2;
    };
    // 20 ms lost every 700 ms: the rest arrives late, so each 1 s block has a phase jump in it.
    const dropped = (g: (i: number) => number): ((i: number) => number) => (i) => {
      const lost = Math.floor(i / (0.7 * RATE)) * 0.02 * RATE;
      return i % (0.7 * RATE) < 0.02 * RATE ? 0 : g(i - lost);
    };
    const r = verdicts([off(0.25, 50.5), dropped(mainsHum()), sum(speechLike(4), dropped(mainsHum(0.002)))]);
    expect(r.map((m) => m.verdict)).toEqual(['hum', 'hum', 'ok']);
  });

  it('noisy: a noise floor above -50 dBFS, or loud windows less than 10 dB over the floor', () => {
    const r = verdicts([sum(speechLike(8), noise(0.02, 1)), sum(speechLike(12), noise(0.002, 2)), noise(0.05, 3)]);
    expect(r[0]!.noiseFloorDb).toBeGreaterThan(ROOM_TEST.noisyFloorDb);
    expect(r.map((m) => m.verdict)).toEqual(['noisy', 'ok', 'noisy']);
    expect(r[1]!.snrDb).toBeGreaterThan(20);
    expect(r[2]!.snrDb).toBeLessThan(3);
  });

  it('duplicate: the same signal at another gain, or inverted, is a duplicate of the lower channel; two speakers are not', () => {
    const a = speechLike(1);
    const b = speechLike(2);
    const r = verdicts([a, b, gain(a, 0.5), gain(b, -1), sum(a, b)]);
    expect(r.map((m) => [m.verdict, m.duplicateOf])).toEqual([['ok', null], ['ok', null], ['duplicate', 1], ['ok', null], ['ok', null]]);
    // An inverted copy is a cable with swapped poles: correlation -1, not a duplicate of the same polarity.
    expect(correlation(channelOf(pcmOf([b], 1), 1, 0), channelOf(pcmOf([gain(b, -1)], 1), 1, 0))).toBeCloseTo(-1, 3);
    // Two mixes of both speakers are near, not the same.
    expect(correlation(channelOf(pcmOf([a], 2), 1, 0), channelOf(pcmOf([sum(a, b)], 2), 1, 0))).toBeLessThan(ROOM_TEST.duplicateCorrelation);
  });

  it('channel statistics: a -20 dBFS sine reads -20 dBFS peak and -23 dBFS RMS', () => {
    const amp = 10 ** (-20 / 20) * 32768;
    const s = channelStats(channelOf(pcmOf([(i) => amp * Math.sin((2 * Math.PI * 997 * i) / RATE)], 2), 1, 0), RATE);
    expect(s.peakDb).toBeCloseTo(-20, 1);
    expect(s.rmsDb).toBeCloseTo(-23, 1);
    expect(s.clippedSamples).toBe(0);
  });
});
