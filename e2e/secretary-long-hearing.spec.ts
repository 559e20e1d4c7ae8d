import { fillNotes, fillText, ok } from './support/page-api';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { expect, openConsole, openStation, test } from './support/station';

// A hearing of 1,200 entries in the secretary's console: the page draws the rows near the view
// and the newest, not all of them (every frame costs in proportion to the rows drawn); every
// entry is still there when scrolled to, a new note appears at the end, and a correction of an
// old entry keeps its row while the secretary scrolls away.
test.use({ viewport: COURTROOM_SCREEN });
const CASE = '2-1200/2026';
const N = 1_200;

test('a long protocol draws its rows near the view and its newest; every entry is reached by scrolling; a new note appears', async ({ page, station, consoleErrors }) => {
  test.setTimeout(180_000);
  await openStation(page, station);
  const h = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: CASE, scheduledStart: new Date().toISOString() });
  await ok(page, 'protocol', 'logEntry', { hearingId: h.id, kind: 'opened' });
  await fillNotes(page, h.id, N);
  await openConsole(page, CASE);

  const rows = page.locator('[data-testid="entry"]');
  const row = (j: number) => rows.filter({ hasText: fillText(j) });
  // The newest and the oldest (in view at the top) are drawn; most of the middle is not.
  await expect(row(N - 1)).toHaveCount(1, { timeout: 60_000 });
  await expect(rows.filter({ hasText: /Отырыс ашылды|ашылды/ }).first()).toBeVisible();
  const drawn = await rows.count();
  expect(drawn).toBeGreaterThan(40);
  expect(drawn).toBeLessThan(400);
  await expect(row(N / 2)).toHaveCount(0);

  // Scrolled to the middle, the middle's rows are drawn where they belong.
  const scroller = page.locator('.workspace');
  const scrollTo = (fraction: number) => scroller.evaluate((el, f) => el.scrollTo(0, (el.scrollHeight - el.clientHeight) * f), fraction);
  await scrollTo(0.5);
  await expect(rows.filter({ hasText: /Ескертпе (5\d\d|6\d\d):/ }).first()).toBeVisible({ timeout: 5_000 });
  const middle = Number(/Ескертпе (\d+):/.exec((await rows.filter({ hasText: /Ескертпе (5\d\d|6\d\d):/ }).first().textContent()) ?? '')?.[1]);
  expect(middle).toBeGreaterThan(400);
  expect(middle).toBeLessThan(800);
  await keepScreenshot(page, 'secretary-long-hearing-kk');

  // A correction of an entry in view keeps its row while the secretary scrolls to the end.
  const target = rows.filter({ hasText: fillText(middle) });
  await target.getByRole('button', { name: 'Түзету' }).click();
  await scrollTo(1);
  await expect(page.locator('.entries .edit')).toHaveCount(1);
  await scrollTo(0.5);
  await page.locator('.entries .edit').getByRole('button', { name: 'Болдырмау' }).click();

  // A new note appears at the end, in the protocol's order.
  await scrollTo(0);
  await page.locator('#note-text').fill('Соңғы ескертпе: сот кеңесу бөлмесіне шықты.');
  await page.locator('#note-text').press('Enter');
  await expect(rows.last()).toContainText('Соңғы ескертпе', { timeout: 10_000 });
  await scrollTo(1);
  await expect(rows.last()).toBeInViewport();
  expect(consoleErrors).toEqual([]);
});
