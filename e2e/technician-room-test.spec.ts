import { playRoom, roomRaw, speechWav } from '../test/support/pulse';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { expect, openStation, test } from './support/station';

// The technician's room test before a hearing, on the real 8-channel room: speech on
// microphones 1 and 3, nothing on the others. The verdicts with their numbers, in Kazakh and
// Russian; channel 3 played back from the test recording.
test('the technician runs the room test, plays channel 3 back and reads the verdicts in kk and ru', async ({ page, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  test.setTimeout(90_000);
  await page.setViewportSize(COURTROOM_SCREEN);
  await openStation(page, station);
  await page.keyboard.press('Alt+3');
  // Two different voices: the same sound on two channels would be a duplicate (a split cable).
  const players = [
    playRoom(roomRaw(speechWav('The court is in session. The witness will now answer the questions of the prosecutor.'), [1], 16)),
    playRoom(roomRaw(speechWav('Сот отырысы ашық деп жарияланады. Тараптардың құқықтары түсіндірілді.', 'kk'), [3], 16)),
  ];
  try {
    await page.getByRole('button', { name: 'Залды тексеру (10 с)' }).click();
    await expect(page.getByRole('button', { name: 'Жазып жатыр…' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Залды тексеру (10 с)' })).toBeEnabled({ timeout: 45_000 });
  } finally {
    for (const p of players) p.stop();
  }
  const result = page.getByTestId('room-test-result');
  await expect(result).toHaveAttribute('data-ready', 'false');
  for (const ch of [1, 3]) await expect(page.getByTestId(`room-${ch}`)).toHaveAttribute('data-verdict', 'ok');
  for (const ch of [2, 4, 5, 6, 7, 8]) await expect(page.getByTestId(`room-${ch}`)).toHaveAttribute('data-verdict', 'silent');
  await expect(page.getByTestId('room-3')).toContainText('жарамды');
  await expect(page.getByTestId('room-2')).toContainText('үнсіз');
  await expect(result).toContainText('ЗАЛ ДАЙЫН ЕМЕС');
  // The numbers as the language writes them: a decimal comma, the court's date format.
  await expect(page.getByTestId('room-3').locator('td').nth(2)).toHaveText(/^-\d+,\d$/);
  await expect(result).toContainText(/Соңғы тексеру: \d\d\.\d\d\.\d{4} \d\d:\d\d/);

  // Channel 3 played back from the test recording: the whole test, and it plays.
  await page.getByTestId('room-play-3').click();
  const audio = page.getByTestId('room-test-audio');
  await expect(audio).toHaveAttribute('data-channel', '3');
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.duration), { timeout: 10_000 }).toBeGreaterThan(9);
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.3);
  await keepScreenshot(page, 'technician-room-test-kk');

  await page.getByRole('combobox', { name: 'Тіл', exact: true }).selectOption('ru');
  await expect(page.getByTestId('room-3')).toContainText('исправен');
  await expect(page.getByTestId('room-2')).toContainText('нет сигнала');
  await expect(result).toContainText('ЗАЛ НЕ ГОТОВ');
  await expect(page.getByRole('columnheader', { name: 'Заключение' })).toBeVisible();
  await keepScreenshot(page, 'technician-room-test-ru');
  expect(consoleErrors).toEqual([]);
});
