import { ok } from './support/page-api';
import { expect, openStation, test } from './support/station';

// Search marks what matched by highlighting, never by quotes: a quote the secretary typed
// («...», common in Kazakh and Russian text) is text, not a match.

test('search highlights the matched words, and a quote in the text is not taken for one', async ({ page, station, consoleErrors }) => {
  await openStation(page, station);
  const h = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: '2-61/2026' });
  await ok(page, 'protocol', 'logEntry', { hearingId: h.id, kind: 'opened' });
  await ok(page, 'protocol', 'logEntry', { hearingId: h.id, kind: 'note', text: 'Жауапкер «Алтын» ЖШС атынан қарыз шартына қол қойды' });

  await page.keyboard.press('Alt+1');
  await page.getByRole('button', { name: 'Хаттамалар бойынша іздеу' }).click();
  await page.getByRole('searchbox', { name: 'Мәтін' }).fill('шарт');
  await page.getByRole('button', { name: 'Іздеу', exact: true }).click();
  const hit = page.getByTestId('search-hit').first();
  await expect(hit).toContainText('2-61/2026');
  await expect(hit.locator('mark')).toHaveText(['шартына']);
  await expect(hit.locator('.snippet')).toContainText('«Алтын»');
  expect(consoleErrors).toEqual([]);
});
