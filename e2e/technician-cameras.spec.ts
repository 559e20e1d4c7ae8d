import fs from 'node:fs';
import path from 'node:path';
import { expect, openStation, startStation, stopStation, test, type Station } from './support/station';

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

test('a camera assignment survives a restart of the core on another port (a new origin, new deviceIds), found again by its label; a camera in one slot is not offered to another', async ({ page, consoleErrors }) => {
  // Its own station: the fixture's would be the one restarted.
  const station = await startStation();
  let again: Station | null = null;
  try {
    await openStation(page, station);
    await page.keyboard.press('Alt+3');
    const panel = page.locator('.cameras-panel');
    await expect(panel.getByTestId('camera-cam1')).toHaveAttribute('data-status', 'preview', { timeout: 20_000 });
    const device = panel.getByLabel('Камера 1: Құрылғы');
    await expect(device.locator('option')).not.toHaveCount(1);
    await device.selectOption({ index: 1 });
    const label = (await device.locator('option:checked').textContent())!;
    // The camera of slot 1 is not offered to slot 2: it says which slot has it.
    const second = panel.getByLabel('Камера 2: Құрылғы').locator('option', { hasText: label });
    await expect(second).toBeDisabled();
    await expect(second).toContainText('Камера 1');
    await panel.getByRole('button', { name: 'Сақтау' }).click();
    await expect(panel.getByRole('status')).toHaveText('Сақталды');
    const file = path.join(station.dataDir, 'settings.json');
    const before = (JSON.parse(fs.readFileSync(file, 'utf8')) as { cameras: Array<{ deviceId: string; label: string }> }).cameras[0]!;
    expect(before.label).toBe(label);

    // Off the page first: its bridge would try the stopped core again and log it.
    await page.goto('about:blank');
    again = await station.restart();
    expect(new URL(again.url).origin).not.toBe(new URL(station.url).origin);
    await openStation(page, again);
    await page.keyboard.press('Alt+3');
    const panel2 = page.locator('.cameras-panel');
    await expect(panel2.getByTestId('camera-cam1')).toHaveAttribute('data-status', 'preview', { timeout: 20_000 });
    const device2 = panel2.getByLabel('Камера 1: Құрылғы');
    await expect(device2.locator('option:checked')).toHaveText(label, { timeout: 10_000 });
    const idNow = await device2.inputValue();
    // Chromium scopes deviceIds to the origin: the same camera under another id, found by its label.
    expect(idNow).not.toBe(before.deviceId);
    await panel2.getByRole('button', { name: 'Сақтау' }).click();
    await expect(panel2.getByRole('status')).toHaveText('Сақталды');
    const after = (JSON.parse(fs.readFileSync(file, 'utf8')) as { cameras: Array<{ deviceId: string; label: string }> }).cameras;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ deviceId: idNow, label });
  } finally {
    await stopStation(again ?? station);
  }
  expect(consoleErrors).toEqual([]);
});
