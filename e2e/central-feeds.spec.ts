import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { startCentral, type CentralProcess } from '../test/support/central-process';
import { expect, openStation, test } from './support/station';

// The technician enrolls the station in the UI; a hearing scheduled and a remark filed on
// central reach the secretary's screen after one sync; the judge's rejection goes back to central.
let central: CentralProcess | undefined;
test.afterEach(async () => {
  await central?.stop();
  central = undefined;
});

test('enroll in the UI, then a schedule change and a remark from central appear, and the decision returns', async ({ page, station, consoleErrors }) => {
  central = await startCentral({ data: fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-central-')) });
  const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', { court: 'Астана қалалық соты', courtroom: '12' });

  await openStation(page, station);
  await page.keyboard.press('Alt+3');
  // A wrong code is refused with a reason; the right one enrolls.
  const form = page.locator('.enroll-form');
  await form.getByLabel('Орталық жүйенің мекенжайы').fill(central.url);
  await form.getByLabel('Бір реттік код').fill('WRONG-CODE');
  await page.getByRole('button', { name: 'Станцияны тіркеу' }).click();
  await expect(page.locator('.enroll-form [role=alert]')).toContainText('Код');
  await form.getByLabel('Бір реттік код').fill(code.code);
  await page.getByRole('button', { name: 'Станцияны тіркеу' }).click();
  await expect(page.getByTestId('sync-enrolled')).toContainText('Тіркелген');

  // Central schedules a hearing for this courtroom and a participant files a remark on it.
  // On today's list whatever the hour: two minutes ahead, or two minutes back just before midnight
  // (an hour ahead, as it was, is tomorrow after 23:00 and the hearing not on "Бүгін").
  const ahead = new Date(Date.now() + 120_000);
  const startsAt = (ahead.getDate() === new Date().getDate() ? ahead : new Date(Date.now() - 120_000)).toISOString();
  await central.admin('PUT', '/admin/schedule', { hearingId: 'TOR-77', court: 'Астана қалалық соты', courtroom: '12', caseNumber: '2-77/2026', judge: 'Әлиева Динара', startsAt });
  const { json: remark } = await central.admin<{ remarkId: string }>('POST', '/admin/remarks', { hearingId: 'TOR-77', author: 'Қасымов Ғ.', text: 'Хаттамада менің өтінішхатым жазылмаған' });
  await page.getByRole('button', { name: 'Қазір синхрондау' }).click();

  // The secretary sees the hearing and the remark; the judge rejects it with a reason.
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('2-77');
  await expect(page.getByRole('option', { name: /2-77\/2026/ })).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  const item = page.getByTestId('remark');
  await expect(item).toContainText('Хаттамада менің өтінішхатым жазылмаған', { timeout: 30_000 });
  await item.getByRole('button', { name: 'Қабылдамау' }).click();
  await expect(page.getByTestId('error')).toContainText('себебін');
  await item.getByLabel('Себебі').fill('Өтінішхат 10:42-де жазылған, хаттаманың 5-жазбасы');
  await item.getByRole('button', { name: 'Қабылдамау' }).click();
  await expect(item).toContainText('қабылданбады');

  await expect
    .poll(async () => (await central!.admin<{ status: string; reason: string }>('GET', `/admin/remarks/${remark.remarkId}`)).json, { timeout: 30_000 })
    .toMatchObject({ status: 'rejected', reason: 'Өтінішхат 10:42-де жазылған, хаттаманың 5-жазбасы' });
  expect(consoleErrors).toEqual([]);
});
