import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { fillNotes, fillText, ok } from '../e2e/support/page-api';
import { COURTROOM_SCREEN } from '../e2e/support/screens';
import { openStation, startStation, stopStation } from '../e2e/support/station';
import { ensureTestPassphraseFile } from '../test/support/key-passphrase';
import { percentile, report } from './report';

// The secretary's console on a long hearing: from the Enter that logs a note to its row in the
// page, measured inside Chromium (the keydown's own timestamp to a MutationObserver seeing the
// row), so neither Playwright nor the bench's process is counted. The same page on a hearing of
// 50 entries, in the same run, is the baseline. Needs the built renderer and CLI
// (`npx electron-vite build && npm run build:cli`); BENCH_UI=<dir> serves another built renderer
// (e.g. an older one, for a before/after comparison).
const BENCH = 'console-long-hearing';
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const WARMUP = 5;
const SIZES = [50, 5000];
// A headless station seals its key with a passphrase, as the e2e stations do (playwright.config.ts).
process.env.HATTAMA_KEY_PASSPHRASE_FILE ??= ensureTestPassphraseFile();

/** Milliseconds from the Enter's keydown: to the row in the DOM, and to the core's word of the entry arriving on the socket. */
interface Timing {
  total: number;
  arrived: number;
  /** The keydown waited this long for the page's main thread. */
  waited: number;
}

/** Types a note, presses Enter, and times it. */
async function logOne(page: Page, marker: string): Promise<Timing> {
  await page.evaluate((marker) => {
    const w = window as never as { benchDone: Promise<Timing>; benchMarker?: string; benchArrived?: number };
    w.benchMarker = marker;
    w.benchArrived = undefined;
    w.benchDone = new Promise<Timing>((resolve) => {
      let t0 = 0;
      let handled = 0;
      const onKey = (e: KeyboardEvent) => {
        if (e.key === 'Enter') {
          t0 = e.timeStamp;
          handled = performance.now();
        }
      };
      window.addEventListener('keydown', onKey, { capture: true });
      const seen = new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes)
            if (n instanceof HTMLElement && n.textContent?.includes(marker)) {
              const t = performance.now();
              seen.disconnect();
              window.removeEventListener('keydown', onKey, { capture: true });
              resolve({ total: t - t0, arrived: (w.benchArrived ?? t) - t0, waited: handled - t0 });
              return;
            }
      });
      seen.observe(document.querySelector('section.entries')!, { childList: true, subtree: true });
    });
  }, marker);
  await page.locator('#note-text').focus();
  await page.keyboard.type(marker);
  await page.keyboard.press('Enter');
  const ms = await page.evaluate(() => (window as never as { benchDone: Promise<Timing> }).benchDone);
  // The note field empties once the core has the note; then the next one.
  await page.locator('#note-text').and(page.locator(':placeholder-shown')).waitFor();
  await page.waitForTimeout(30);
  return ms;
}

async function measure(size: number): Promise<Record<'total' | 'page' | 'input', number[]>> {
  const station = await startStation(undefined, process.env.BENCH_UI ? ['--ui', path.resolve(process.env.BENCH_UI)] : []);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: COURTROOM_SCREEN });
    // tsx names the functions it compiles (`__name(f, "f")`); the page's copies need the helper too.
    await page.addInitScript('globalThis.__name = (f) => f');
    // The bridge's socket, watched first: when the core's word of the note arrives, before the page does anything with it.
    await page.addInitScript(() => {
      const Native = window.WebSocket;
      const w = window as never as { benchMarker?: string; benchArrived?: number };
      window.WebSocket = Object.assign(
        function (url: string | URL, protocols?: string | string[]) {
          const ws = new Native(url, protocols);
          ws.addEventListener('message', (ev) => {
            if (w.benchMarker && w.benchArrived === undefined && String(ev.data).includes(w.benchMarker)) w.benchArrived = performance.now();
          });
          return ws;
        },
        { prototype: Native.prototype, CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 },
      ) as never;
    });
    await openStation(page, station);
    const caseNumber = `2-${size}/2025`;
    const hearing = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber, scheduledStart: new Date().toISOString() });
    // Opened (its "opened" entry is the first), then filled while the console is on the home screen.
    await ok(page, 'protocol', 'startHearing', { hearingId: hearing.id });
    await fillNotes(page, hearing.id, size - 1);
    await page.keyboard.press('Alt+1');
    await page.keyboard.press('Control+k');
    await page.keyboard.type(caseNumber);
    await page.keyboard.press('Enter');
    // The newest filled entry drawn (a long protocol draws only its rows near the view and its newest: row-window.ts).
    await page.locator('[data-testid="entry"]', { hasText: fillText(size - 2) }).waitFor({ timeout: 60_000 });
    const total: number[] = [];
    const inPage: number[] = [];
    const waited: number[] = [];
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const ms = await logOne(page, `өлшем-${i}-${size}`);
      if (i < WARMUP) continue;
      total.push(ms.total);
      inPage.push(ms.total - ms.arrived);
      waited.push(ms.waited);
    }
    const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
    return { total: sorted(total), page: sorted(inPage), input: sorted(waited) };
  } finally {
    await browser.close();
    await stopStation(station);
  }
}

// One after the other: the two pages never share the machine.
const small = await measure(SIZES[0]!);
const large = await measure(SIZES[1]!);
for (const [part, what] of [['total', ''], ['page', 'page_'], ['input', 'input_delay_']] as const) {
  // total: the Enter to the row; page_: from the core's event arriving on the socket to the row (the console's own share);
  // input_delay_: the Enter waiting for the page's main thread before its handler ran.
  report(BENCH, `${what}p50_${SIZES[0]}_entries`, percentile(small[part], 50), 'ms');
  report(BENCH, `${what}p95_${SIZES[0]}_entries`, percentile(small[part], 95), 'ms');
  report(BENCH, `${what}p50_${SIZES[1]}_entries`, percentile(large[part], 50), 'ms', percentile(small[part], 50));
  report(BENCH, `${what}p95_${SIZES[1]}_entries`, percentile(large[part], 95), 'ms', percentile(small[part], 95));
}
process.exit(0);
