import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OBSERVE_JS } from '../../central/sc-observe-assets';
import { OpusStream } from '../../main/observe/opus-stream';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/support/chromium';
import { IN_CI, missingTools } from '../support/tools';
import { RATE, realTime, toneChunk } from './tone';

// The supervisor's player (OBSERVE_JS) in real Chromium, fed by a station-like relay: real
// ffmpeg encodes PCM in real time through OpusStream, every 125 ms the pages that came out are
// one chunk (seq 1, 2, ...), and a tiny server answers the page's long polls as central does.

function chromiumMissing(): string {
  if (fs.existsSync(CHROMIUM_PATH)) return '';
  const reason = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`;
  if (IN_CI) throw new Error(`${reason} — required when CI=true`);
  console.warn(`SKIPPED: ${reason}`);
  return reason;
}
const skip = missingTools('ffmpeg') || chromiumMissing();

const ID = 'OBS1test';
type State = 'asked' | 'streaming' | 'ended';

/** Central's side of the stream, as far as the player sees it. */
class Relay {
  head: Buffer | null = null;
  chunks: Buffer[] = []; // chunks[i] is seq i + 1
  state: State = 'asked';
  down = false; // audio requests have their connection cut (network lost)
  pageLoads = 0;
  frames = 0;
  private waiters: (() => void)[] = [];

  changed(): void {
    for (const w of this.waiters.splice(0)) w();
  }
  /** Waits up to `ms` for `ready()`, woken by changed(). */
  async until(ready: () => boolean, ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (!ready() && Date.now() < end) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, end - Date.now());
        this.waiters.push(() => (clearTimeout(t), r()));
      });
    }
  }
}

function page(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>observe</title></head><body>
<section id="observe" data-id="${ID}" data-state="asked" data-t-waiting="Waiting" data-t-live="Live" data-t-lost="Connection lost" data-t-nocodec="No codec">
<p id="observe-status" class="status" role="status">Waiting</p>
<p><button type="button" id="observe-listen">Listen</button><span class="meter"><span id="observe-level" data-db="" data-playing="0"></span></span></p>
<p><img id="observe-frame" alt="camera" hidden></p>
</section><script src="/sc/observe.js" defer></script></body></html>`;
}

function serve(relay: Relay, jpeg: Buffer): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === `/observe/${ID}`) {
      relay.pageLoads++;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; script-src 'self'" });
      return res.end(page());
    }
    if (url.pathname === '/sc/observe.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return res.end(OBSERVE_JS);
    }
    if (url.pathname === `/observe/${ID}/frame`) {
      // The first frame is missing (the station has sent none yet): the image stays hidden.
      if (relay.frames++ === 0) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'no-store' });
      return res.end(jpeg);
    }
    if (url.pathname === `/observe/${ID}/audio`) {
      if (relay.down) return req.socket.destroy();
      const after = Number(url.searchParams.get('after'));
      const ready = () => relay.state === 'ended' || (after < 0 ? relay.head !== null : relay.chunks.length > after);
      void relay.until(ready, 2_000).then(() => {
        if (relay.down) return req.socket.destroy();
        const h = { 'cache-control': 'no-store', 'x-state': relay.state };
        if (relay.state === 'ended' || !ready()) return res.writeHead(204, { ...h, 'x-seq': String(after) }).end();
        const last = relay.chunks.length;
        // -1: the head and the newest chunk, so a late listener starts live.
        const body = after < 0 ? Buffer.concat([relay.head!, ...relay.chunks.slice(-1)]) : Buffer.concat(relay.chunks.slice(after));
        res.writeHead(200, { ...h, 'content-type': 'application/octet-stream', 'x-seq': String(last) });
        res.end(body);
      });
      return;
    }
    res.writeHead(404).end();
  });
}

const level = (p: Page) => p.evaluate(() => {
  const el = document.getElementById('observe-level')!;
  return { db: el.dataset.db ?? '', playing: el.dataset.playing ?? '', width: el.style.width };
});
const status = (p: Page) => p.evaluate(() => document.getElementById('observe-status')!.textContent);

describe.skipIf(skip)('live observation: the supervisor hears the room in Chromium', () => {
  let browser: Browser;
  let server: http.Server;
  let base = '';
  const relay = new Relay();
  beforeAll(async () => {
    const jpeg = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-f', 'lavfi', '-i', 'color=c=red:s=64x48', '-frames:v', '1', '-c:v', 'mjpeg', '-f', 'image2', 'pipe:1']);
    server = serve(relay, jpeg);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  it('plays silence, then the tone, live; survives a lost connection; reloads when the observation ends', async () => {
    const p = await browser.newPage();
    const problems: string[] = [];
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // The frame's first 404 and the cut connections are expected; anything else is not.
    p.on('console', (m) => m.type() === 'error' && !/Failed to load resource|ERR_EMPTY_RESPONSE|ERR_CONNECTION/.test(m.text()) && problems.push(`console: ${m.text()}`));

    // The station: PCM in real time, silence or the tone; the pages out every 125 ms are a chunk.
    let tone = false;
    let toneAt = 0;
    let stop = false;
    let out: Buffer[] = [];
    const errors: Error[] = [];
    const enc = new OpusStream({ sampleRate: RATE, onHead: (h) => ((relay.head = h), relay.changed()), onPages: (b) => out.push(b), onError: (e) => errors.push(e) });
    let k = 0;
    const feeding = realTime(() => {
      if (out.length) {
        relay.chunks.push(Buffer.concat(out));
        relay.state = 'streaming';
        out = [];
        relay.changed();
      }
      if (tone && !toneAt) toneAt = performance.now();
      enc.write(tone ? toneChunk(k) : Buffer.alloc(toneChunk(0).length));
      k++;
      return !stop;
    });
    const db = () => p.evaluate(() => Number(document.getElementById('observe-level')!.dataset.db));
    const silence = () =>
      p.waitForFunction(() => {
        const d = document.getElementById('observe-level')!.dataset;
        return d.playing === '1' && d.db !== '' && Number(d.db) < -60;
      }, undefined, { timeout: 15_000, polling: 50 });
    /** Switches the room to the tone after 3 s of silence; resolves with how long until the meter showed it (ms). */
    const heard = async () => {
      tone = false;
      await silence();
      await new Promise((r) => setTimeout(r, 3_000));
      toneAt = 0;
      tone = true;
      await p.waitForFunction(() => Number(document.getElementById('observe-level')!.dataset.db) > -30, undefined, { timeout: 10_000, polling: 20 });
      return performance.now() - toneAt;
    };

    try {
      await p.goto(`${base}/observe/${ID}`);
      await p.click('#observe-listen');
      await silence();
      expect(await db()).toBeLessThan(-60);
      expect(await status(p)).toBe('Live');
      expect(await p.evaluate(() => document.getElementById('observe')!.dataset.state)).toBe('streaming');

      const first = await heard();
      const loud = await level(p);
      expect(Number(loud.db)).toBeLessThan(-6); // a 0.25 FS sine is -15 dBFS RMS: measured, not pinned at full
      expect(parseFloat(loud.width)).toBeGreaterThan(40);

      // The camera frame: hidden while missing, shown once there is one.
      await p.waitForFunction(() => {
        const img = document.getElementById('observe-frame') as HTMLImageElement;
        return !img.hidden && img.naturalWidth === 64;
      }, undefined, { timeout: 10_000 });

      // Network lost: said so, retried, and live again after (the backlog is not made up).
      relay.down = true;
      relay.changed();
      await p.waitForFunction(() => document.getElementById('observe-status')!.textContent === 'Connection lost', undefined, { timeout: 10_000 });
      await new Promise((r) => setTimeout(r, 1_500));
      relay.down = false;
      await p.waitForFunction(() => document.getElementById('observe-status')!.textContent === 'Live', undefined, { timeout: 10_000 });
      await p.waitForFunction(() => Number(document.getElementById('observe-level')!.dataset.db) > -30, undefined, { timeout: 10_000 });
      const again = await heard();
      console.log(`whole path, PCM written -> ffmpeg -> relay -> long poll -> AudioDecoder -> heard at the meter: ${first.toFixed(0)} ms; after a lost connection: ${again.toFixed(0)} ms`);
      expect(first).toBeLessThan(3_000);
      expect(again).toBeLessThan(3_000);

      // The observation ends: the page reloads for its final text.
      relay.state = 'ended';
      relay.changed();
      await relay.until(() => relay.pageLoads === 2, 10_000);
      expect(relay.pageLoads).toBe(2);
    } finally {
      stop = true;
      await feeding;
      await enc.close();
      await p.close();
    }
    expect(errors).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('without WebCodecs it says the browser cannot play the stream', async () => {
    const p = await browser.newPage();
    await p.addInitScript(() => {
      delete (window as { AudioDecoder?: unknown }).AudioDecoder;
    });
    await p.goto(`${base}/observe/${ID}`);
    await p.click('#observe-listen');
    await p.waitForFunction(() => document.getElementById('observe-status')!.textContent === 'No codec', undefined, { timeout: 5_000 });
    expect((await level(p)).playing).toBe('0');
    await p.close();
  });
});
