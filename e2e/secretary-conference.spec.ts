import type { Page } from '@playwright/test';
import { toneWav } from '../test/support/pulse';
import { ensureConferenceSinks, playConference } from '../test/support/pulse-conference';
import { ok } from './support/page-api';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { expect, openStation, test } from './support/station';

// The conference's sound on a station whose conference device is the monitor of a real PulseAudio
// sink (issue 17): during a hearing with a remote witness the console shows its meter beside the
// microphones', and the technician's room test reports it, with whether a remote participant is expected.

test.use({ viewport: COURTROOM_SCREEN });

/** The station open, its conference track on the test's conference sink. */
async function openWithConference(page: Page, station: Parameters<typeof openStation>[1]): Promise<void> {
  await ensureConferenceSinks();
  await openStation(page, station);
  await ok(page, 'settings', 'update', { patch: { audio: { conferenceDevice: 'conference.monitor' } } });
}

test('the console shows the video-conference meter while a call plays during a hearing with a remote witness (kk, ru)', async ({ page, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  test.setTimeout(120_000);
  await openWithConference(page, station);
  const CASE = '2-1717/2026';
  const h = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: CASE, category: 'civil', scheduledStart: new Date().toISOString() });
  await ok(page, 'protocol', 'addParticipant', { hearingId: h.id, name: 'Ахметова Гүлнар', role: 'witness', attendance: 'remote', via: 'videoconference' });
  const call = playConference(toneWav(440, 60, 0.3), 60);
  try {
    await ok(page, 'protocol', 'logEntry', { hearingId: h.id, kind: 'opened' });
    await page.keyboard.press('Alt+1');
    await page.keyboard.press('Control+k');
    await page.keyboard.type(CASE);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('recording-state')).toHaveText('Жазылуда', { timeout: 30_000 });
    const meter = page.getByTestId('meter-conference');
    await expect(meter).toContainText('Бейнеконференцбайланыс', { timeout: 15_000 });
    await expect.poll(async () => Number(await meter.getByRole('meter').getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThan(-20);
    await keepScreenshot(page, 'secretary-conference-meter-kk');
    await ok(page, 'settings', 'update', { patch: { language: 'ru' } });
    await expect(meter).toContainText('Видеоконференцсвязь');
  } finally {
    call.stop();
  }
  expect(consoleErrors).toEqual([]);
});

test('the room test reports the video-conference sound, and that a remote participant is expected for a hearing within the hour', async ({ page, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  test.setTimeout(90_000);
  await openWithConference(page, station);
  const h = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: '2-1718/2026', category: 'civil', scheduledStart: new Date(Date.now() + 3_600_000).toISOString() });
  await ok(page, 'protocol', 'addParticipant', { hearingId: h.id, name: 'Серікбаев Нұрлан', role: 'witness', attendance: 'remote' });
  await page.keyboard.press('Alt+3');
  const call = playConference(toneWav(440, 30, 0.3), 30);
  try {
    await page.getByRole('button', { name: 'Залды тексеру (10 с)' }).click();
    await expect(page.getByRole('button', { name: 'Залды тексеру (10 с)' })).toBeEnabled({ timeout: 45_000 });
  } finally {
    call.stop();
  }
  const line = page.getByTestId('room-test-conference');
  await expect(line).toHaveAttribute('data-verdict', 'ok');
  await expect(line).toHaveAttribute('data-expected', 'true');
  await expect(line).toContainText('Бейнеконференцбайланыс (conference.monitor): дыбыс бар');
  await expect(line).toContainText('отырысқа қашықтан қатысушы күтілуде');
  // The numbers with a decimal comma, as the other lines.
  await expect(line).toContainText(/RMS -\d+,\d дБFS/);
  await keepScreenshot(page, 'technician-room-test-conference-kk');
  await ok(page, 'settings', 'update', { patch: { language: 'ru' } });
  await expect(line).toContainText('Видеоконференцсвязь (conference.monitor): звук есть');
  await expect(line).toContainText('в заседании ожидается дистанционный участник');
  expect(consoleErrors).toEqual([]);
});
