import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTestCa, makeTestSigner } from '../test/protocol/helpers';
import { ok } from './support/page-api';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { expect, openStation, test } from './support/station';

// Signing as a secretary would: the console asks the core what the protocol lacks of its
// category's mandatory items, lists it, and signs only with a written reason, which the
// hearing's audit keeps.

test.use({ viewport: COURTROOM_SCREEN });

test('an incomplete criminal protocol: the missing items are listed, signing waits for a reason, the audit keeps it', async ({ page, station, consoleErrors }) => {
  await openStation(page, station);
  const h = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: '1-77/2026', category: 'criminal' });
  await ok(page, 'protocol', 'addParticipant', { hearingId: h.id, name: 'Сейітов Нұрлан', role: 'witness', attendance: 'present' });
  await ok(page, 'protocol', 'logEntry', { hearingId: h.id, kind: 'opened' });
  await ok(page, 'protocol', 'logEntry', { hearingId: h.id, kind: 'composition_announced' });
  await ok(page, 'protocol', 'logEntry', { hearingId: h.id, kind: 'closed' });

  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('1-77/2026');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Іс 1-77/2026' })).toBeVisible();

  const ca = makeTestCa(fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-e2e-ca-')));
  const key = makeTestSigner(ca, { file: 'secretary', name: 'Әбенова Сәуле Маратқызы' });
  await page.getByRole('textbox', { name: '.p12 кілт файлы' }).fill(key.p12);
  await page.getByLabel('Кілттің құпиясөзі').fill(key.password);
  const signButton = page.getByRole('button', { name: 'Қол қою', exact: true });
  await signButton.click();

  const check = page.getByTestId('sign-check');
  await expect(check).toContainText('Қол қоймас бұрын: хаттамада міндетті тармақтар жоқ');
  await expect(check).toContainText('Іске қатысушыларға құқықтары мен міндеттері түсіндірілмеген');
  await expect(check).toContainText('Жалған айғақ үшін жауаптылық туралы ескертілмеген куәлар: Сейітов Нұрлан');
  await expect(check).not.toContainText('Сот құрамы жарияланбаған');
  await expect(signButton).toBeDisabled();
  await keepScreenshot(page, 'secretary-sign-check-kk');

  const reason = 'Құқықтар жазба басталмай тұрып түсіндірілді';
  await check.getByRole('textbox').fill(reason);
  await page.getByLabel('Кілттің құпиясөзі').fill(key.password);
  await signButton.click();
  await expect(page.getByTestId('export-result')).toContainText('Қол қойылды: Әбенова Сәуле Маратқызы');
  // The signed hearing as the secretary sees it, in Kazakh and in Russian (the language is the station's setting).
  await keepScreenshot(page, 'secretary-signed-kk');
  await page.getByRole('combobox', { name: 'Тіл', exact: true }).selectOption('ru');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByTestId('export-result')).toContainText('Подписано: Әбенова Сәуле Маратқызы');
  await keepScreenshot(page, 'secretary-signed-ru');

  // The browser UI offers what the core wrote for download: the signature, byte for byte.
  const p7s = page.getByTestId('export-download').filter({ hasText: '.p7s' });
  const [download] = await Promise.all([page.waitForEvent('download'), p7s.click()]);
  const saved = await download.path();
  const [sig] = (await ok<{ signatures: Array<{ p7sPath: string }> }>(page, 'protocol', 'getHearing', { hearingId: h.id })).signatures;
  expect(fs.readFileSync(saved).equals(fs.readFileSync(sig!.p7sPath))).toBe(true);
  expect(download.suggestedFilename()).toBe(path.basename(sig!.p7sPath));

  const audit = await ok<Array<{ action: string; detail: string }>>(page, 'protocol', 'audit', { hearingId: h.id });
  const signed = audit.find((a) => a.action === 'protocol.sign')!;
  expect(JSON.parse(signed.detail)).toMatchObject({ incomplete: { reason } });
  expect(consoleErrors).toEqual([]);
});
