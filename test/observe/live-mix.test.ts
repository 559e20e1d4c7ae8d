import { describe, expect, it } from 'vitest';
import { mixToMono as mix } from '../../main/observe/live-mix';

const pcm = (...samples: number[]) => {
  const b = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => b.writeInt16LE(s, i * 2));
  return b;
};
const samples = (b: Buffer) => Array.from({ length: b.length / 2 }, (_, i) => b.readInt16LE(i * 2));

/** Mixed both ways mixToMono reads: from an even offset (typed arrays) and from an odd one (a slice of a larger buffer). */
function mixToMono(pcm: Buffer, channels: number): Buffer {
  const odd = Buffer.alloc(pcm.length + 1).subarray(1);
  pcm.copy(odd);
  const a = mix(Buffer.from(pcm), channels);
  expect(odd.byteOffset % 2).toBe(1);
  expect(mix(odd, channels).equals(a)).toBe(true);
  return a;
}

describe('live observation: mixing the microphones to mono', () => {
  it('sums the channels of each frame', () => {
    expect(samples(mixToMono(pcm(1000, 2000, -300, 100, 0, 0), 2))).toEqual([3000, -200, 0]);
    expect(samples(mixToMono(pcm(1, 2, 3, 4, 5, 6), 3))).toEqual([6, 15]);
  });

  it('one voice on one of eight microphones keeps its level (a sum, not an average)', () => {
    const frames: number[] = [];
    for (let f = 0; f < 4; f++) frames.push(0, 0, 0, f * 5000 - 9000, 0, 0, 0, 0);
    expect(samples(mixToMono(pcm(...frames), 8))).toEqual([-9000, -4000, 1000, 6000]);
  });

  it('saturates at the int16 limits instead of wrapping', () => {
    expect(samples(mixToMono(pcm(30000, 10000, -30000, -10000, 32767, 32767, -32768, -32768), 2))).toEqual([32767, -32768, 32767, -32768]);
  });

  it('one channel comes through unchanged', () => {
    const one = pcm(5, -6, 32767, -32768);
    expect(mixToMono(one, 1).equals(one)).toBe(true);
  });

  it('ignores a partial frame at the end', () => {
    const b = Buffer.concat([pcm(100, 200, 300, 400), Buffer.from([1, 2, 3])]); // 2 frames of 2 ch + 3 bytes
    expect(samples(mixToMono(b, 2))).toEqual([300, 700]);
    expect(mixToMono(Buffer.from([1, 2, 3]), 2).length).toBe(0);
  });

  it('reads a buffer at an odd offset (a slice of a larger capture buffer)', () => {
    const big = Buffer.concat([Buffer.from([9]), pcm(1000, -3000, 7, 8)]);
    expect(samples(mix(big.subarray(1), 2))).toEqual([-2000, 15]);
  });

  it('refuses a channel count that is not a positive integer', () => {
    expect(() => mix(pcm(1, 2), 0)).toThrow(/channels/);
    expect(() => mix(pcm(1, 2), 1.5)).toThrow(/channels/);
  });
});
