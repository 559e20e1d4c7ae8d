import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { playRoom, roomRaw, stopPlayers, toneWav } from '../test/support/pulse';
import { startCentral, type CentralProcess } from '../test/support/central-process';
import { ok } from './support/page-api';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { expect, openStation, test } from './support/station';

// A party asks central for a copy of a recorded hearing; the request reaches the judge's screen
// with the feed; the judge makes and sends the copy from there; central checks the receipt and
// marks it delivered, and the screen shows that. The files central serves are the station's.
let central: CentralProcess | undefined;
test.afterEach(async () => {
  await central?.stop();
  central = undefined;
});

const COURT = 'Астана қалалық соты';
const ROOM = '12';
const HEARING = 'TOR-91';
const CASE = '2-91/2026';

test("a party's copy request from central is fulfilled from the judge's screen and delivered", async ({ page, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  test.setTimeout(180_000);
  central = await startCentral({ data: fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-central-')) });
  const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', { court: COURT, courtroom: ROOM });
  await page.setViewportSize(COURTROOM_SCREEN);
  await openStation(page, station);
  await ok(page, 'sync', 'enroll', { centralUrl: central.url, code: code.code });
  await central.admin('PUT', '/admin/schedule', { hearingId: HEARING, court: COURT, courtroom: ROOM, caseNumber: CASE, judge: 'Әлиева Динара', startsAt: new Date().toISOString() });
  await ok(page, 'sync', 'runOnce', {});

  // The scheduled hearing, recorded for a few seconds.
  const hearings = await ok<Array<{ id: number; externalId: string | null }>>(page, 'protocol', 'hearings', { scope: 'all' });
  const hearingId = hearings.find((h) => h.externalId === HEARING)!.id;
  await ok(page, 'protocol', 'startHearing', { hearingId });
  const tone = playRoom(roomRaw(toneWav(500, 6, 0.3), [1]));
  const state = () => ok<{ position: number }>(page, 'recording', 'state', { hearingId });
  await expect.poll(async () => (await state()).position, { timeout: 20_000, intervals: [200] }).toBeGreaterThan(5);
  await ok(page, 'protocol', 'logEntry', { hearingId, kind: 'closed' });
  tone.stop();
  stopPlayers();

  // A defence counsel asks for a copy through the e-filing cabinet.
  const { json: req } = await central.admin<{ requestId: string }>('POST', '/admin/copy-requests', { hearingId: HEARING, requester: { name: 'Омаров Бауыржан', role: 'defender' }, note: 'Апелляциялық шағым үшін' });
  await ok(page, 'sync', 'runOnce', {});

  await page.keyboard.press('Alt+2');
  await page.getByTestId('judge-hearing').filter({ hasText: CASE }).click();
  const row = page.getByTestId('copy-request');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-state', 'requested');
  await expect(row).toContainText('Омаров Бауыржан (қорғаушы)');
  await expect(row).toContainText('Апелляциялық шағым үшін');
  await row.getByTestId('copy-fulfil').click();
  await expect(page.getByTestId('copy-result')).toBeVisible({ timeout: 120_000 });
  await expect(row.getByTestId('copy-fulfil')).toHaveCount(0);

  // The worker sends the four files; central's verdict comes back with the feed.
  await expect
    .poll(
      async () => {
        await ok(page, 'sync', 'runOnce', {});
        return (await central!.admin<{ state: string }>('GET', `/admin/copy-requests/${req.requestId}`)).json.state;
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toBe('delivered');
  await ok(page, 'sync', 'runOnce', {});
  await expect(row).toHaveAttribute('data-state', 'delivered', { timeout: 15_000 });
  await expect(row).toContainText('жеткізілді');
  const dir = (await page.getByTestId('copy-result').getAttribute('data-dir')) ?? '';
  const got = await fetch(`${central.url.replace(/\/$/, "")}/admin/copy-requests/${req.requestId}/files/copy.mp4`, { headers: { authorization: `Bearer ${central.adminToken}` } });
  expect(got.status, await got.clone().text()).toBe(200);
  expect(Buffer.from(await got.arrayBuffer()).equals(fs.readFileSync(path.join(dir, 'copy.mp4')))).toBe(true);

  await page.getByTestId('copy-panel').evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await keepScreenshot(page, 'judge-copy-request-kk');
  await ok(page, 'settings', 'update', { patch: { language: 'ru' } });
  await expect(row).toContainText('доставлена');
  await keepScreenshot(page, 'judge-copy-request-ru');
  expect(consoleErrors).toEqual([]);
});
