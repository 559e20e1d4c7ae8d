import { recordRoomTest } from '../test/support/room-test';
import { ok } from './support/page-api';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { cli, expect, openStation, pinFile, startStation, stopStation, test, TEST_PERSON } from './support/station';

// Issue 14: a room whose last test did not pass (or is older than check.validHours) opens a
// hearing only with a written reason. The console shows the last test; the opening asks for the
// reason in a modal dialog (Escape closes it, nothing opens); with the reason the hearing opens,
// and `hattama audit` shows the reason with the last test's time and verdict.
const CASE = '2-314/2026';
const REASON = 'Техник кешікті; микрофондар таңертең тексерілген';

test('opening a hearing on an untested room asks for a reason, which hattama audit shows', async ({ page, consoleErrors }) => {
  const station = await startStation(undefined, [], { passedRoomTest: false });
  try {
    // The last test, an hour ago, found the room not ready.
    const failed = recordRoomTest(station.dataDir, { ready: false, at: new Date(Date.now() - 3_600_000), by: 'Жұмабеков Ерлан' });
    await page.setViewportSize(COURTROOM_SCREEN);
    await openStation(page, station);
    const hearing = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: CASE });
    await page.keyboard.press('1');
    await page.keyboard.press('Control+k');
    await page.keyboard.type(CASE);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: `Іс ${CASE}` })).toBeVisible();

    // The console shows the last test: not ready, by whom, and that no valid test is there.
    const last = page.getByTestId('room-test-last');
    await expect(last).toHaveAttribute('data-valid', 'false');
    await expect(last).toContainText('дайын емес');
    await expect(last).toContainText('Жұмабеков Ерлан');

    // Opening asks for the reason; Escape closes the dialog and nothing opens.
    const start = page.getByRole('button', { name: /Отырысты бастау/ });
    await start.click();
    const dialog = page.getByTestId('room-test-reason');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Соңғы 4 сағатта зал тексеруден өтпеген');
    await expect(dialog.getByTestId('room-test-reason-last')).toContainText('дайын емес');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('hearing-status')).toHaveText(/жоспарланған/i);

    // Again, with the reason: the hearing opens.
    await start.click();
    await expect(dialog.getByRole('button', { name: 'Себебін көрсетіп ашу' })).toBeDisabled();
    await dialog.getByTestId('room-test-reason-text').fill(REASON);
    await keepScreenshot(page, 'secretary-room-test-reason');
    await dialog.getByRole('button', { name: 'Себебін көрсетіп ашу' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('hearing-status')).toHaveText(/жүріп жатыр/i);
    await expect(page.getByTestId('entry').first()).toHaveAttribute('data-kind', 'opened');

    // `hattama audit`, a client of the running station, shows the reason beside the last test.
    const audit = cli(['audit', '--data', station.dataDir, '--as', TEST_PERSON.name, '--as-pin-file', pinFile(TEST_PERSON.pin), '--hearing', String(hearing.id)]);
    const opened = audit.split('\n').find((l) => l.includes('protocol.startHearing') && l.endsWith('\tok'));
    expect(opened).toContain(`roomTestReason=${REASON}`);
    expect(opened).toContain(`roomTestAt=${failed.at}`);
    expect(opened).toContain('roomTestReady=false');

    // The hearing's access audit in review says it too, in Kazakh.
    await page.keyboard.press('Alt+2');
    await page.getByTestId('judge-hearing').filter({ hasText: CASE }).click();
    const auditList = page.getByTestId('access-audit');
    await auditList.locator('summary').click();
    const row = auditList.getByTestId('access-audit-row').and(page.locator('[data-call="protocol.startHearing"][data-outcome="ok"]'));
    await expect(row).toContainText(`залды тексерусіз: ${REASON}`);
    await expect(row).toContainText('дайын емес');
    await row.scrollIntoViewIfNeeded();
    await keepScreenshot(page, 'judge-audit-room-test-reason');
    expect(consoleErrors).toEqual([]);
  } finally {
    await stopStation(station);
  }
});
