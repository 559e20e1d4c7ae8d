import { latinWords } from '../test/i18n/latin-words';
import { call, ok } from './support/page-api';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { expect, openStation, test } from './support/station';

// Mistakes corrected, never erased: an entry logged as a note that was a motion gets its kind
// corrected; a roster name is corrected in a dialog; a line entered by mistake is withdrawn with
// a reason and stays, struck through, no longer offered as a speaker.

test.use({ viewport: COURTROOM_SCREEN });

test('an entry’s kind and the roster are corrected as revisions; a line is withdrawn with a reason', async ({ page, station, consoleErrors }) => {
  await openStation(page, station);
  const h = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: '2-74/2026', category: 'civil' });
  const plaintiff = await ok<{ id: number }>(page, 'protocol', 'addParticipant', { hearingId: h.id, name: 'Омаров Бақыт', role: 'plaintiff', attendance: 'present' });
  const wrong = await ok<{ id: number }>(page, 'protocol', 'addParticipant', { hearingId: h.id, name: 'Мұратова Сәуле', role: 'witness', attendance: 'present' });
  await ok(page, 'protocol', 'logEntry', { hearingId: h.id, kind: 'opened' });
  const note = await ok<{ id: number }>(page, 'protocol', 'logEntry', { hearingId: h.id, kind: 'note', speakerId: plaintiff.id, text: 'Сот-сараптама тағайындауды сұрады' });

  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('2-74/2026');
  await page.keyboard.press('Enter');

  // The kind: only kinds that move nothing are offered, by their names.
  const row = page.getByTestId('entry').nth(1);
  await expect(row).toHaveAttribute('data-kind', 'note');
  await row.getByRole('button', { name: 'Түзету' }).click();
  const kinds = row.getByRole('combobox', { name: 'Оқиғаның түрі' });
  await expect(kinds.locator('option', { hasText: 'Үзіліс' })).toHaveCount(0);
  await kinds.selectOption({ label: 'Өтінішхат мәлімделді' });
  await row.getByRole('textbox', { name: 'Түзету себебі (міндетті емес)' }).fill('Өтінішхат ретінде');
  await row.getByRole('button', { name: 'Сақтау' }).click();
  await expect(row).toHaveAttribute('data-kind', 'motion_filed');
  await expect(row).toContainText('Өтінішхат мәлімделді');
  await row.getByRole('button', { name: 'Тарихы' }).click();
  const history = page.getByRole('dialog', { name: 'Жазбаның тарихы' });
  await expect(history.getByTestId('revision')).toHaveCount(2);
  await expect(history.getByTestId('revision').nth(1)).toContainText('түрі: «Ескертпе» → «Өтінішхат мәлімделді»');
  await page.keyboard.press('Escape');
  await expect(history).toBeHidden();

  // A roster name, corrected in a dialog; Escape closes a dialog without a change.
  const line = page.getByTestId('participant').filter({ hasText: 'Омаров Бақыт' });
  await line.getByRole('button', { name: 'Түзету' }).click();
  const correct = page.getByRole('dialog', { name: 'Қатысушы деректерін түзету' });
  await correct.getByRole('textbox', { name: 'Аты-жөні' }).fill('Омаров Бақыт Серікұлы');
  await correct.getByRole('button', { name: 'Сақтау' }).click();
  await expect(correct).toBeHidden();
  await expect(line).toContainText('Омаров Бақыт Серікұлы');
  await line.getByRole('button', { name: 'Түзету' }).click();
  await page.keyboard.press('Escape');
  await expect(correct).toBeHidden();

  // Withdrawn with a reason: kept, struck through, no attendance, no longer a speaker.
  const mistaken = page.getByTestId('participant').filter({ hasText: 'Мұратова Сәуле' });
  await mistaken.getByRole('button', { name: 'Тізімнен шығару' }).click();
  const withdraw = page.getByRole('dialog', { name: 'Қатысушыны тізімнен шығару' });
  await withdraw.getByRole('textbox', { name: 'Шығару себебі' }).fill('Басқа іс бойынша қате енгізілді');
  await withdraw.getByRole('button', { name: 'Тізімнен шығару' }).click();
  await expect(withdraw).toBeHidden();
  await expect(mistaken).toHaveAttribute('data-withdrawn', 'true');
  await expect(mistaken).toContainText('Тізімнен шығарылған: Басқа іс бойынша қате енгізілді');
  await expect(mistaken.locator('s', { hasText: 'Мұратова Сәуле' })).toBeVisible();
  await expect(mistaken.getByRole('button', { name: 'Түзету' })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Сөйлеуші' }).first().locator('option', { hasText: 'Мұратова Сәуле' })).toHaveCount(0);

  await keepScreenshot(page, 'secretary-corrections-kk-roster');
  await mistaken.getByRole('button', { name: 'Тарихы' }).click();
  const lineHistory = page.getByTestId('participant-history');
  await expect(lineHistory.getByTestId('participant-change')).toHaveCount(2);
  await expect(lineHistory.getByTestId('participant-change').nth(1)).toContainText('Тізімнен шығарылды');
  await keepScreenshot(page, 'secretary-corrections-kk-history');
  await page.keyboard.press('Escape');

  const revisions = await ok<Array<{ kind: string }>>(page, 'protocol', 'entryHistory', { entryId: note.id });
  expect(revisions.map((r) => r.kind)).toEqual(['note', 'motion_filed']);
  const changes = await ok<Array<{ action: string }>>(page, 'protocol', 'participantHistory', { participantId: wrong.id });
  expect(changes.map((c) => c.action)).toEqual(['participant.add', 'participant.withdraw']);

  // The same in Russian: the withdrawn line, its reason and the corrections' buttons.
  expect((await call(page, 'settings', 'update', { patch: { language: 'ru' } })).ok).toBe(true);
  await expect(mistaken).toContainText('Исключён из списка: Басқа іс бойынша қате енгізілді');
  await expect(line.getByRole('button', { name: 'Исправить' })).toBeVisible();
  await expect(row).toContainText('Заявлено ходатайство');
  expect([...new Set(latinWords(await page.locator('body').innerText()))]).toEqual([]);
  await keepScreenshot(page, 'secretary-corrections-ru-roster');
  expect(consoleErrors).toEqual([]);
});
