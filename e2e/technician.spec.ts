import { playSpeech } from '../test/support/pulse';
import { expect, openStation, test } from './support/station';

// The technician before a hearing: which microphones work, in the browser UI, on the real room.
test('the microphone check names the working and the silent channels', async ({ page, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  await openStation(page, station);
  await page.keyboard.press('Alt+3');
  const player = playSpeech([1, 4], 14);
  try {
    await page.getByRole('button', { name: /Тексеру/ }).click();
    await expect(page.getByTestId('mic-check-summary')).toContainText('2 / 8', { timeout: 30_000 });
  } finally {
    player.stop();
  }
  await expect(page.getByTestId('check-1')).toHaveAttribute('data-verdict', 'ok');
  await expect(page.getByTestId('check-4')).toHaveAttribute('data-verdict', 'ok');
  await expect(page.getByTestId('check-2')).toHaveAttribute('data-verdict', 'silent');
  await expect(page.getByRole('alert').filter({ hasText: 'Үнсіз арналар: 2, 3, 5, 6, 7, 8' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
