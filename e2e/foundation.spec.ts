import fs from 'node:fs';
import path from 'node:path';
import { expect, openStation, signIn, test, TEST_PERSON } from './support/station';

test('home screen in Kazakh, status bar shows real free space, no console errors', async ({ page, station, consoleErrors }) => {
  await openStation(page, station);
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Хаттама');
  await expect(page.getByRole('button', { name: /Хатшы/ }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /Техник/ }).first()).toBeVisible();

  // Free space as the core measured it: compare with statfs of the same directory.
  const st = fs.statfsSync(station.dataDir);
  const gb = ((st.bavail * st.bsize) / 1e9).toFixed(1).replace('.', ','); // a decimal comma in kk and ru
  await expect(page.getByTestId('free-space')).toContainText(`${gb} ГБ`);
  await expect(page.getByTestId('free-space')).toContainText('8 арна');
  expect(consoleErrors).toEqual([]);
});

test('keyboard reaches every workspace', async ({ page, station, consoleErrors }) => {
  await openStation(page, station);
  await page.keyboard.press('3');
  await expect(page.getByRole('heading', { name: 'Техник' })).toBeVisible();
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { name: 'Судья: қарау' })).toBeVisible();
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('heading', { name: 'Хатшы', level: 1 })).toBeVisible();
  await page.keyboard.press('Alt+0');
  await expect(page.getByRole('heading', { name: 'Хаттама', level: 1 })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('switching to Russian persists across a restart of the core', async ({ page, station, consoleErrors }) => {
  await openStation(page, station);
  await page.getByRole('combobox', { name: 'Тіл' }).selectOption('ru');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByRole('button', { name: /Секретарь/ }).first()).toBeVisible();

  await page.goto('about:blank'); // the old page would log its reconnection attempts
  const again = await station.restart();
  Object.assign(station, again);
  await openStation(page, station);
  await expect(page.getByText('Запись судебного заседания и электронный протокол')).toBeVisible();
  const saved = JSON.parse(fs.readFileSync(path.join(station.dataDir, 'settings.json'), 'utf8')) as { language: string };
  expect(saved.language).toBe('ru');
  expect(consoleErrors).toEqual([]);
});

test('technician edits a setting; it persists; a bad value is explained next to its field', async ({ page, station }) => {
  await openStation(page, station);
  await page.keyboard.press('Alt+3');
  await page.getByLabel('Сот', { exact: true }).fill('Астана қаласының №2 аудандық соты');
  await page.getByLabel('Арналар саны').fill('17');
  const form = page.locator('.settings-form');
  await form.getByRole('button', { name: 'Сақтау' }).click();
  const channelsError = page.locator('#setting-audio-channels-error');
  await expect(channelsError).toContainText('16');
  await expect(page.getByLabel('Арналар саны')).toHaveAttribute('aria-invalid', 'true');
  // Nothing was saved from the rejected form.
  let saved = JSON.parse(fs.readFileSync(path.join(station.dataDir, 'settings.json'), 'utf8')) as { court: string; audio: { channels: number } };
  expect(saved.audio.channels).toBe(8);
  expect(saved.court).toBe('');

  await page.getByLabel('Арналар саны').fill('12');
  await form.getByRole('button', { name: 'Сақтау' }).click();
  await expect(form.getByRole('status')).toHaveText('Сақталды');
  saved = JSON.parse(fs.readFileSync(path.join(station.dataDir, 'settings.json'), 'utf8'));
  expect(saved.audio.channels).toBe(12);
  expect(saved.court).toBe('Астана қаласының №2 аудандық соты');
  await expect(page.getByTestId('free-space')).toContainText('12 арна');

  await page.reload();
  await expect(page.getByTestId('connection')).toHaveAttribute('class', /conn-connected/);
  // A reloaded page is a new connection: its person signs in again.
  await signIn(page, TEST_PERSON.name, TEST_PERSON.pin);
  await page.keyboard.press('Alt+3');
  await expect(page.getByLabel('Сот', { exact: true })).toHaveValue('Астана қаласының №2 аудандық соты');
});

test('the settings form follows a change made elsewhere, and saving it never writes back a stale value', async ({ page, station }) => {
  await openStation(page, station);
  await page.keyboard.press('Alt+3');
  await expect(page.getByLabel('Интерфейс тілі')).toHaveValue('kk');
  await page.getByLabel('Сот', { exact: true }).fill('Есіл аудандық соты');
  // The language switch in the header changes the setting; the form shows it, and keeps what is being typed.
  await page.getByRole('combobox', { name: 'Тіл', exact: true }).selectOption('ru');
  await expect(page.getByLabel('Язык интерфейса')).toHaveValue('ru');
  await expect(page.getByLabel('Суд', { exact: true })).toHaveValue('Есіл аудандық соты');
  await page.locator('.settings-form').getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.locator('.settings-form').getByRole('status')).toHaveText('Сохранено');
  const saved = JSON.parse(fs.readFileSync(path.join(station.dataDir, 'settings.json'), 'utf8')) as { court: string; language: string };
  expect(saved).toMatchObject({ court: 'Есіл аудандық соты', language: 'ru' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
});

test('the bridge refuses a connection without the token', async ({ page, station }) => {
  const origin = new URL(station.url).origin;
  await page.goto(`${origin}/`);
  const outcome = await page.evaluate(
    (o) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`${o.replace('http', 'ws')}/bridge?token=wrong`);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
    origin,
  );
  expect(outcome).toBe('refused');
  await expect(page.getByTestId('connection')).not.toHaveAttribute('class', /conn-connected/);
});

test('a damaged settings file is reported on screen, kept aside, and the defaults are used', async ({ page }) => {
  const { startStation, stopStation } = await import('./support/station');
  const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'hattama-e2e-'));
  fs.writeFileSync(path.join(dir, 'settings.json'), '{"language": "ru", "audio": {"channels": 99}');
  const s = await startStation(dir);
  try {
    await openStation(page, s);
    await expect(page.getByRole('alert').filter({ hasText: 'Баптаулар файлы бүлінген' })).toBeVisible();
    const kept = fs.readdirSync(dir).filter((f) => f.startsWith('settings.json.invalid-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, kept[0]!), 'utf8')).toBe('{"language": "ru", "audio": {"channels": 99}');
    await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  } finally {
    await stopStation(s);
  }
});
