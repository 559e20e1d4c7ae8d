import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
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

test('the technician picks the audio device from the station\'s devices and each microphone\'s role from a list, in kk and ru', async ({ page, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  // The output the conference app plays to (this worker's own PulseAudio): its monitor is offered for the conference track.
  if (!execFileSync('pactl', ['list', 'short', 'sinks'], { encoding: 'utf8' }).includes('conference')) {
    execFileSync('pactl', ['load-module', 'module-null-sink', 'sink_name=conference', 'rate=48000', 'channels=2']);
  }
  await openStation(page, station);
  await page.keyboard.press('Alt+3');
  const device = page.getByLabel('Дыбыс құрылғысы');
  await expect(device.locator('option', { hasText: 'арна: 8' }).first()).toBeAttached();
  await expect(device.locator('option:checked')).toHaveText('Жүйенің әдепкі құрылғысы');
  await device.selectOption('pulse:roommic');
  await expect(device.locator('option:checked')).toContainText('арна: 8');
  const role2 = page.getByLabel('2-арна: рөлі');
  await expect(role2.locator('option:checked')).toHaveText('Прокурор');
  await role2.selectOption({ label: 'Куә' });
  await page.getByLabel('Арналар саны').fill('10');
  await expect(page.getByTestId('device-too-few')).toHaveText('Бұл құрылғыда арна: 8, ал баптауларда 10.');
  await expect(page.getByLabel('10-арна: рөлі').locator('option:checked')).toHaveText('Рөлсіз (ch10)');
  await page.getByLabel('Арналар саны').fill('8');
  const conference = page.getByLabel('Бейнеконференцбайланыс дыбысы (жеке жол)');
  await expect(conference.locator('option:checked')).toHaveText('Жазылмайды');
  await expect(conference.locator('option[value="room.monitor"]')).toBeAttached(); // monitors only: never a microphone
  await expect(conference.locator('option[value="pulse:roommic"]')).toHaveCount(0);
  await conference.selectOption('conference.monitor');
  await expect(conference.locator('option:checked')).toContainText('арна: 2');
  await page.locator('.settings-form').getByRole('button', { name: 'Сақтау' }).click();
  await expect(page.locator('.settings-form').getByRole('status')).toHaveText('Сақталды');
  const saved = JSON.parse(fs.readFileSync(path.join(station.dataDir, 'settings.json'), 'utf8')) as { audio: { device: string; roles: string[]; conferenceDevice: string } };
  expect(saved.audio.device).toBe('pulse:roommic');
  expect(saved.audio.conferenceDevice).toBe('conference.monitor');
  expect(saved.audio.roles.slice(0, 3)).toEqual(['judge', 'witness', 'defence']);
  await page.locator('.settings-form').screenshot({ path: 'test-artifacts/technician-devices-kk.png' });
  // In Russian the same lists read in Russian.
  await page.getByLabel('Интерфейс тілі').selectOption('ru');
  await page.locator('.settings-form').getByRole('button', { name: 'Сақтау' }).click();
  await expect(page.getByLabel('Канал 2: роль').locator('option:checked')).toHaveText('Свидетель');
  await expect(page.getByLabel('Звуковое устройство').locator('option:checked')).toContainText('каналов: 8');
  await expect(page.getByLabel('Звук видеоконференцсвязи (отдельная дорожка)').locator('option:checked')).toContainText('каналов: 2');
  await page.locator('.settings-form').screenshot({ path: 'test-artifacts/technician-devices-ru.png' });
  expect(consoleErrors).toEqual([]);
});
