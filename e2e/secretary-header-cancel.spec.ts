import { ok } from './support/page-api';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { expect, openStation, test, TEST_PERSON } from './support/station';

// Issue 12: the secretary fills in an ad hoc hearing's header in a modal dialog (Escape closes it
// without saving), and cancels a hearing opened by mistake with a reason: kept, shown with who,
// when and why, and marked in the list.
const A = '2-808/2026';
const B = '2-809/2026';
const REASON = 'Отырыс басқа іс бойынша қате тіркелді';

test('the header dialog fills an ad hoc hearing; a cancelled hearing shows who, when and why', async ({ page, station, consoleErrors }) => {
  await page.setViewportSize(COURTROOM_SCREEN);
  await openStation(page, station);
  const a = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: A, scheduledStart: new Date().toISOString() });
  const b = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: B, scheduledStart: new Date().toISOString() });
  await page.keyboard.press('1');
  const openCase = async (caseNumber: string) => {
    await page.keyboard.press('Control+k');
    await page.keyboard.type(caseNumber);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: `Іс ${caseNumber}` })).toBeVisible();
  };
  await openCase(A);
  await expect(page.getByTestId('header-facts')).toHaveText('Ашық отырыс');

  // Escape closes the dialog and nothing is saved.
  const edit = page.getByTestId('edit-header');
  await edit.click();
  const dialog = page.getByTestId('header-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('header-judge').fill('Әбенов Серік');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('.hearing-head')).not.toContainText('Әбенов Серік');

  await edit.click();
  await dialog.getByTestId('header-judge').fill('Әбенов Серік Қайратұлы');
  await dialog.getByTestId('header-secretary').fill('Нұрланова Әйгерім');
  await dialog.getByTestId('header-category').selectOption('civil');
  await dialog.getByTestId('header-session-closed').check();
  await dialog.getByTestId('header-language').selectOption('kk');
  await keepScreenshot(page, 'secretary-header-dialog');
  await dialog.getByTestId('header-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('header-facts')).toHaveText('Жабық отырыс · Іс жүргізу тілі: қазақ тілі');
  await expect(page.locator('.hearing-head')).toContainText('Әбенов Серік Қайратұлы');
  const saved = await ok<{ hearing: Record<string, unknown> }>(page, 'protocol', 'getHearing', { hearingId: a.id });
  expect(saved.hearing).toMatchObject({ judge: 'Әбенов Серік Қайратұлы', secretary: 'Нұрланова Әйгерім', category: 'civil', sessionMode: 'closed', proceedingsLanguage: 'kk', cancelled: null });

  // Cancelling the other hearing: a reason is required; Escape leaves it as it was.
  await openCase(B);
  await page.getByTestId('cancel-hearing').click();
  const cancel = page.getByTestId('cancel-dialog');
  await expect(cancel).toBeVisible();
  await expect(cancel.getByTestId('cancel-confirm')).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(cancel).toHaveCount(0);
  await expect(page.getByTestId('cancelled-banner')).toHaveCount(0);
  await page.getByTestId('cancel-hearing').click();
  await cancel.getByTestId('cancel-reason').fill(REASON);
  await cancel.getByTestId('cancel-confirm').click();
  await expect(cancel).toHaveCount(0);

  const banner = page.getByTestId('cancelled-banner');
  await expect(banner).toContainText('Отырыс болдырылмады');
  await expect(banner).toContainText(TEST_PERSON.name);
  await expect(banner).toContainText(REASON);
  // Nothing more is taken: no opening, no notes, no header changes, no second cancellation.
  await expect(page.getByRole('button', { name: /Отырысты бастау/ })).toHaveCount(0);
  await expect(page.getByTestId('edit-header')).toBeDisabled();
  await expect(page.getByTestId('cancel-hearing')).toHaveCount(0);
  await expect(page.getByRole('option').filter({ hasText: B }).getByTestId('cancelled-pill')).toHaveText('болдырылмады');
  await keepScreenshot(page, 'secretary-hearing-cancelled');
  const after = await ok<{ hearing: { cancelled: { reason: string; by: string } | null } }>(page, 'protocol', 'getHearing', { hearingId: b.id });
  expect(after.hearing.cancelled).toMatchObject({ reason: REASON, by: TEST_PERSON.name });
  expect(consoleErrors).toEqual([]);
});
