import fs from 'node:fs';
import path from 'node:path';
import { expect, openStation, test } from './support/station';

test('the technician sees the camera live, assigns it a role and turns on the conference screen', async ({ page, station, consoleErrors }) => {
  await openStation(page, station);
  await page.keyboard.press('Alt+3');
  const panel = page.locator('.cameras-panel');
  await expect(panel.getByTestId('camera-cam1')).toHaveAttribute('data-status', 'preview', { timeout: 20_000 });
  const device = panel.getByLabel('Камера 1: Құрылғы');
  await expect(device.locator('option')).not.toHaveCount(1);
  await device.selectOption({ index: 1 });
  await panel.getByLabel('Камера 1: Рөлі').selectOption('witness');
  await panel.getByLabel('Камера 1: Ажыратымдылық').selectOption('640x360');
  await panel.getByLabel(/Бейнеконференция экранын жазу/).check();
  await panel.getByRole('button', { name: 'Сақтау' }).click();
  await expect(panel.getByRole('status')).toHaveText('Сақталды');
  const saved = JSON.parse(fs.readFileSync(path.join(station.dataDir, 'settings.json'), 'utf8')) as { cameras: Array<{ role: string; width: number; deviceId: string }>; recordScreen: boolean };
  expect(saved.recordScreen).toBe(true);
  expect(saved.cameras).toHaveLength(1);
  expect(saved.cameras[0]).toMatchObject({ role: 'witness', width: 640 });
  expect(saved.cameras[0]!.deviceId.length).toBeGreaterThan(0);
  expect(consoleErrors).toEqual([]);
});
