import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { isHeadPage, OggPageSplitter, opusHeaderOn, packetsEnding, pageBody, pageGranule } from '../../main/observe/ogg-pages';
import { missingTools } from '../support/tools';

const skip = missingTools('ffmpeg');

/** A real Ogg Opus stream: 2 s of a tone, one packet a page (many small pages), as the live stream has. */
function oggOpus(pageDurationUs: number): Buffer {
  return execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2', '-ac', '1', '-c:a', 'libopus', '-b:a', '32k', '-page_duration', String(pageDurationUs), '-f', 'ogg', 'pipe:1'], { maxBuffer: 16 << 20 });
}

/** A hand-built page (CRC left zero: the splitter does not check it) whose body is `lacing` segments of 0xAB. */
function page(lacing: number[], flags = 0): Buffer {
  const h = Buffer.alloc(27);
  h.write('OggS', 0, 'latin1');
  h[5] = flags;
  h[26] = lacing.length;
  const body = Buffer.alloc(lacing.reduce((a, b) => a + b, 0), 0xab);
  return Buffer.concat([h, Buffer.from(lacing), body]);
}

/** Independent check of the split: each page's own sequence-number field counts 0, 1, 2, ... */
const seqs = (pages: Buffer[]) => pages.map((p) => p.readUInt32LE(18));

function pushInPieces(stream: Buffer, sizes: () => number): Buffer[] {
  const s = new OggPageSplitter();
  const out: Buffer[] = [];
  for (let at = 0; at < stream.length; ) {
    const n = Math.min(stream.length - at, sizes());
    out.push(...s.push(stream.subarray(at, at + n)));
    at += n;
  }
  expect(s.buffered).toBe(0);
  return out;
}

describe.skipIf(skip)('live observation: Ogg pages out of a byte stream', () => {
  let small: Buffer;
  let large: Buffer;
  beforeAll(() => {
    small = oggOpus(20_000);
    large = oggOpus(1_000_000);
  });

  it('one push of a whole stream gives every page, in order, and nothing else', () => {
    for (const stream of [small, large]) {
      const pages = new OggPageSplitter().push(stream);
      expect(pages.length).toBeGreaterThan(2);
      expect(seqs(pages)).toEqual(pages.map((_, i) => i));
      expect(Buffer.concat(pages).equals(stream)).toBe(true);
    }
    expect(new OggPageSplitter().push(small).length).toBeGreaterThan(90); // ~100 packets of 20 ms, a page each
  });

  it('pieces cut anywhere give the same pages: byte by byte, random sizes, page-straddling chunks', () => {
    const whole = new OggPageSplitter().push(small);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const sizes of [() => 1, () => 1 + Math.floor(rnd() * 300), () => 27, () => 4096]) {
      const got = pushInPieces(small, sizes);
      expect(got.length).toBe(whole.length);
      got.forEach((p, i) => expect(p.equals(whole[i]!)).toBe(true));
    }
  });

  it('keeps an unfinished page until the rest comes, and copies the pages it returns', () => {
    const s = new OggPageSplitter();
    const buf = Buffer.from(small);
    const first = s.push(buf.subarray(0, 40));
    expect(s.buffered).toBe(40 - first.reduce((a, p) => a + p.length, 0));
    const rest = s.push(buf.subarray(40));
    buf.fill(0); // the caller reuses its buffer
    expect(Buffer.concat([...first, ...rest]).equals(small)).toBe(true);
  });

  it('handles the largest page (255 segments of 255 bytes) and packets continued across pages', () => {
    const big = page(Array(255).fill(255));
    const cont = page([255, 10, 0], 0x01);
    expect(big.length).toBe(27 + 255 + 255 * 255);
    const got = pushInPieces(Buffer.concat([big, cont]), () => 1000);
    expect(got.map((p) => p.length)).toEqual([big.length, cont.length]);
    expect(packetsEnding(got[0]!)).toBe(0);
    expect(packetsEnding(got[1]!)).toBe(2);
    expect(pageBody(got[1]!).length).toBe(265);
  });

  it('tells the head pages (OpusHead, OpusTags) from audio pages', () => {
    const pages = new OggPageSplitter().push(small);
    expect(pages.map(isHeadPage).slice(0, 4)).toEqual([true, true, false, false]);
    expect(pages.filter(isHeadPage).length).toBe(2);
    expect(opusHeaderOn(pages[0]!)).toBe('OpusHead');
    expect(opusHeaderOn(pages[1]!)).toBe('OpusTags');
    expect(opusHeaderOn(pages[2]!)).toBeNull();
    expect(pageGranule(pages[1]!)).toBe(0n);
    expect(pageGranule(pages.at(-1)!)).toBeGreaterThan(48_000n);
  });

  it('refuses bytes that are not Ogg, where a page should start', () => {
    expect(() => new OggPageSplitter().push(Buffer.from('RIFF....WAVEfmt '))).toThrow(/not an Ogg stream: no "OggS" capture pattern at byte 0/);
    // Refused as soon as the bytes there differ, not only once a whole header is in.
    expect(() => new OggPageSplitter().push(Buffer.from('Ogx'))).toThrow(/not an Ogg stream/);
    const s = new OggPageSplitter();
    expect(s.push(Buffer.from('Og'))).toEqual([]); // could still be a page
    const pages = new OggPageSplitter().push(small);
    const tail = Buffer.concat([pages[0]!, pages[1]!, Buffer.from('garbage garbage garbage garbage')]);
    expect(() => new OggPageSplitter().push(tail)).toThrow(new RegExp(`at byte ${pages[0]!.length + pages[1]!.length}\\b`));
    const v1 = page([5]);
    v1[4] = 1;
    expect(() => new OggPageSplitter().push(v1)).toThrow(/page version 1/);
  });
});
