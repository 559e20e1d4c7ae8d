import { ok } from './support/page-api';
import { expect, openStation, test } from './support/station';

// A mistake in the protocol is corrected, never erased: the secretary picks the right speaker
// for an entry logged under the wrong one; the entry's history keeps who it said before.

test('an entry logged under the wrong speaker is corrected as a revision', async ({ page, station, consoleErrors }) => {
  await openStation(page, station);
  const h = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: '2-55/2026', category: 'civil' });
  const wrong = await ok<{ id: number }>(page, 'protocol', 'addParticipant', { hearingId: h.id, name: 'Омаров Бақыт', role: 'witness', attendance: 'present' });
  await ok(page, 'protocol', 'addParticipant', { hearingId: h.id, name: 'Омарова Динара', role: 'witness', attendance: 'present' });
  await ok(page, 'protocol', 'logEntry', { hearingId: h.id, kind: 'opened' });
  const entry = await ok<{ id: number }>(page, 'protocol', 'logEntry', { hearingId: h.id, kind: 'testimony_begins', speakerId: wrong.id });

  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('2-55/2026');
  await page.keyboard.press('Enter');
  const row = page.getByTestId('entry').nth(1);
  await expect(row).toContainText('Омаров Бақыт');
  await row.getByRole('button', { name: 'Түзету' }).click();
  await row.getByRole('combobox', { name: 'Сөйлеуші' }).selectOption({ label: 'Омарова Динара (Куә)' });
  await row.getByRole('textbox', { name: 'Түзету себебі (міндетті емес)' }).fill('Жауап берген куә — Омарова Д.');
  await row.getByRole('button', { name: 'Сақтау' }).click();
  await expect(row).toContainText('Омарова Динара');

  const revisions = await ok<Array<{ revision: number; speaker: string | null; reason: string }>>(page, 'protocol', 'entryHistory', { entryId: entry.id });
  expect(revisions.map((r) => [r.revision, r.speaker])).toEqual([
    [1, 'Омаров Бақыт'],
    [2, 'Омарова Динара'],
  ]);
  expect(revisions[1]!.reason).toBe('Жауап берген куә — Омарова Д.');
  expect(consoleErrors).toEqual([]);
});
