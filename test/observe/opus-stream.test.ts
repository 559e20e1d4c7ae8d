import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { isHeadPage, OggPageSplitter, opusHeaderOn, OGG_BOS, pageGranule } from '../../main/observe/ogg-pages';
import { OpusStream } from '../../main/observe/opus-stream';
import { missingTools, tempDir } from '../support/tools';
import { CHUNK_MS, decodeOgg, dominantHz, RATE, realTime, rmsDb, samplesOf, toneChunk } from './tone';

const skip = missingTools('ffmpeg');
const dir = tempDir('hattama-opus-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const PRE_SKIP = 312; // libopus' pre-skip as ffmpeg writes it in OpusHead (checked below)

describe.skipIf(skip)('live observation: Opus in Ogg from PCM, live', () => {
  it('3 s of a 1 kHz tone written in real time: head, then audio pages as it goes, decoding back to the tone', async () => {
    const errors: Error[] = [];
    const heads: Buffer[] = [];
    const pages: { at: number; bytes: Buffer }[] = [];
    const writtenAt: number[] = []; // wall time (ms) each chunk was written
    const stream = new OpusStream({ sampleRate: RATE, onHead: (h) => heads.push(h), onPages: (p) => pages.push({ at: performance.now(), bytes: p }), onError: (e) => errors.push(e) });
    const CHUNKS = 24; // 3 s
    let firstAudioBeforeChunk = -1;
    await realTime((k) => {
      if (firstAudioBeforeChunk < 0 && pages.length) firstAudioBeforeChunk = k;
      if (k === CHUNKS) return false;
      writtenAt.push(performance.now());
      stream.write(toneChunk(k));
      return true;
    });
    const pagesBeforeClose = pages.length;
    await stream.close();
    expect(errors).toEqual([]);
    expect(stream.droppedBytes).toBe(0);
    expect(stream.writtenBytes).toBe(CHUNKS * toneChunk(0).length);

    // The head: OpusHead (BOS) and OpusTags, once, before any audio.
    expect(heads.length).toBe(1);
    const headPages = new OggPageSplitter().push(heads[0]!);
    expect(headPages.map(opusHeaderOn)).toEqual(['OpusHead', 'OpusTags']);
    expect(headPages[0]![5]! & OGG_BOS).toBe(OGG_BOS);
    const opusHead = headPages[0]!.subarray(28);
    expect(opusHead[9]).toBe(1); // mono
    expect(opusHead.readUInt16LE(10)).toBe(PRE_SKIP);

    // Incremental: audio pages came while PCM was still being written, not only at close.
    expect(firstAudioBeforeChunk).toBeGreaterThan(0);
    expect(firstAudioBeforeChunk).toBeLessThan(CHUNKS / 2);
    expect(pagesBeforeClose).toBeGreaterThan(pages.length / 2);
    const audioPages = new OggPageSplitter().push(Buffer.concat(pages.map((p) => p.bytes)));
    expect(audioPages.some(isHeadPage)).toBe(false);

    // Delay: a page is out when its last sample's chunk has been written + the lag measured here.
    const lags: number[] = [];
    const splitter = new OggPageSplitter();
    for (const p of pages) {
      for (const pg of splitter.push(p.bytes)) {
        const endSample = Number(pageGranule(pg)) - PRE_SKIP;
        const chunk = Math.ceil(endSample / (RATE * (CHUNK_MS / 1000))) - 1;
        if (chunk >= 0 && chunk < writtenAt.length && p.at < writtenAt.at(-1)! + 1) lags.push(p.at - writtenAt[chunk]!);
      }
    }
    lags.sort((a, b) => a - b);
    const first = (pages[0]!.at - writtenAt[0]!).toFixed(0);
    console.log(`OpusStream delay, chunk written -> the page ending in it out: median ${lags[lags.length >> 1]!.toFixed(1)} ms, max ${lags.at(-1)!.toFixed(1)} ms over ${lags.length} pages; first audio page ${first} ms after the first write (before chunk ${firstAudioBeforeChunk})`);
    expect(lags.length).toBeGreaterThan(50);
    expect(lags[lags.length >> 1]!).toBeLessThan(500); // loose: a page a packet, not a second's page

    // What a player gets back: ~3 s of the tone at the input's level.
    const pcm = samplesOf(await decodeOgg(Buffer.concat([heads[0]!, ...pages.map((p) => p.bytes)]), dir));
    expect(pcm.length / RATE).toBeGreaterThan(2.9);
    expect(pcm.length / RATE).toBeLessThan(3.1);
    const middle = pcm.subarray(RATE * 0.5, RATE * 2.5);
    expect(dominantHz(middle)).toBe(1000);
    const inputDb = rmsDb(samplesOf(toneChunk(0)));
    expect(Math.abs(rmsDb(middle) - inputDb)).toBeLessThan(1.5);
  });

  it('never throws at the caller and drops what ffmpeg cannot take', async () => {
    const errors: Error[] = [];
    // 1 s of queue at most: a 5 s burst written at once cannot all be queued.
    const stream = new OpusStream({ sampleRate: RATE, maxQueuedBytes: RATE * 2, onError: (e) => errors.push(e) });
    const t0 = performance.now();
    for (let k = 0; k < 40; k++) stream.write(toneChunk(k));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(stream.droppedBytes).toBeGreaterThan(0);
    expect(stream.writtenBytes + stream.droppedBytes).toBe(40 * toneChunk(0).length);
    stream.write(Buffer.alloc(3)); // a torn sample: one byte dropped, two written or dropped
    await stream.close();
    stream.write(toneChunk(0)); // after close: dropped, no throw
    expect(stream.writtenBytes + stream.droppedBytes).toBe(41 * toneChunk(0).length + 3);
    expect(errors).toEqual([]);
  });

  it('no ffmpeg: a clear error, writes dropped, close resolves', async () => {
    const errors: Error[] = [];
    const stream = new OpusStream({ sampleRate: RATE, ffmpeg: '/nonexistent/ffmpeg', onError: (e) => errors.push(e) });
    stream.write(toneChunk(0));
    await stream.close();
    stream.write(toneChunk(1));
    expect(errors.length).toBe(1);
    expect(errors[0]!.message).toMatch(/ffmpeg not found .*ENOENT.*install ffmpeg/);
    expect(stream.droppedBytes).toBeGreaterThanOrEqual(toneChunk(0).length);
  });

  it('ffmpeg gone, or not writing Ogg: one error, and the caller goes on writing', async () => {
    // /bin/false exits at once: the stream is lost, the writes are not the caller's problem.
    const gone: Error[] = [];
    const a = new OpusStream({ sampleRate: RATE, ffmpeg: 'false', onError: (e) => gone.push(e) });
    await new Promise((r) => setTimeout(r, 300));
    for (let k = 0; k < 4; k++) a.write(toneChunk(k));
    await a.close();
    expect(gone.map((e) => e.message)).toEqual([expect.stringMatching(/exited unexpectedly \(code 1\)/)]);
    expect(a.droppedBytes).toBe(4 * toneChunk(0).length);

    // echo prints its arguments: not Ogg, refused.
    const bad: Error[] = [];
    const b = new OpusStream({ sampleRate: RATE, ffmpeg: 'echo', onError: (e) => bad.push(e) });
    b.write(toneChunk(0));
    await b.close();
    expect(bad.map((e) => e.message)).toEqual([expect.stringMatching(/not an Ogg stream/)]);
  });

  it('a callback that throws is reported, not thrown into the process', async () => {
    const errors: Error[] = [];
    const stream = new OpusStream({
      sampleRate: RATE,
      onHead: () => {
        throw new Error('consumer broke');
      },
      onError: (e) => errors.push(e),
    });
    stream.write(toneChunk(0));
    await stream.close();
    expect(errors.map((e) => e.message)).toEqual(['consumer broke']);
  });
});
