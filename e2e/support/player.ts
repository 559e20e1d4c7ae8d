import type { Page } from '@playwright/test';

// What the judge's player shows, read by the e2e specs that play a recording.

/** The player's position (ms), as its clock shows it. */
export const position = async (page: Page) => Number(await page.getByTestId('player-position').getAttribute('data-ms'));

/** Takes the focus off a control, so the player's keys reach the page. */
export const unfocus = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

/** Lit pixels of the waveform's canvas in the column at `fraction` of its width (±2 px). */
export const litAt = (page: Page, fraction: number) =>
  page.getByTestId('waveform').evaluate((c: HTMLCanvasElement, f) => {
    const g = c.getContext('2d')!;
    const x = Math.round(c.width * f);
    const d = g.getImageData(Math.max(0, x - 2), 0, 5, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  }, fraction);
