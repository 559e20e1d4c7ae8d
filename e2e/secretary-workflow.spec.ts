import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openStation, test } from './support/station';

// The secretary's whole hearing, keyboard first, against the real core recording real audio.
const repo = path.resolve(import.meta.dirname, '..');
const CASE = '7594-25-00-2/1234';

async function importTodaysSchedule(page: Page) {
  const today = new Date().toISOString().slice(0, 10);
  const schedule = JSON.parse(fs.readFileSync(path.join(repo, 'resources/schedule-example.json'), 'utf8').replaceAll('2025-03-14', today));
  const r = await page.evaluate((s) => (window as never as { hattama: { protocol: { importSchedule(i: unknown): Promise<{ ok: boolean }> } } }).hattama.protocol.importSchedule({ schedule: s }), schedule);
  expect(r.ok).toBe(true);
}

const recordingState = (page: Page) => page.getByTestId('recording-state');

test('a hearing from schedule to exported PDF, by keyboard, with a verified recording', async ({ page, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  await openStation(page, station);
  await importTodaysSchedule(page);

  // Pick today's hearing by typing its case number.
  await page.keyboard.press('1');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('7594');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Іс ${CASE}` })).toBeVisible();

  // Attendance from the keyboard: P present, A absent; the remote witness stays remote.
  const rows = page.getByTestId('participant');
  await expect(rows).toHaveCount(4);
  await rows.nth(0).focus();
  await page.keyboard.press('p');
  await rows.nth(1).focus();
  await page.keyboard.press('a');
  await expect(rows.nth(0)).toHaveClass(/attendance-present/);
  await expect(rows.nth(1)).toHaveClass(/attendance-absent/);
  await expect(rows.nth(3)).toHaveClass(/attendance-remote/);
  // The schedule names the program the remote witness takes part through.
  await expect(rows.nth(3).getByRole('textbox', { name: 'Үсенов Ұлан: бейнеконференцбайланыс бағдарламасы' })).toHaveValue('TrueConf');
  // With the Kazakh or Russian layout on, the P key types «з»: the key's place counts, not its letter.
  await rows.nth(2).focus();
  await rows.nth(2).dispatchEvent('keydown', { key: 'з', code: 'KeyP', bubbles: true });
  await expect(rows.nth(2)).toHaveClass(/attendance-present/);
  await expect(page.getByText('Қатысуды белгілеу: жолды таңдап')).toBeVisible();

  // Start: the recorder starts and the opening is logged.
  await page.getByRole('button', { name: /Отырысты бастау/ }).click();
  await expect(recordingState(page)).toHaveText('Жазылуда', { timeout: 30_000 });
  await expect(page.getByTestId('entry').first()).toHaveAttribute('data-kind', 'opened');
  // The hearing list follows the hearing's status.
  await expect(page.getByRole('option', { name: /7594-25-00-2\/1234/ })).toContainText('Жүріп жатыр');
  await page.waitForTimeout(1500);

  await page.keyboard.press('Alt+C');
  await page.keyboard.press('Alt+R');
  await page.locator('#event-speaker').selectOption({ label: 'Үсенов Ұлан (Куә)' });
  await page.keyboard.press('Alt+T');
  await expect(page.getByTestId('entry')).toHaveCount(4);

  // A note: typed, Enter commits it, pinned to the moment typing began.
  await page.locator('#note-text').focus();
  await page.keyboard.type('Куә келісім-шартқа өз қолымен қол қойғанын растады');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('entry')).toHaveCount(5);

  // Recess pauses the recorder, resuming resumes it.
  await page.keyboard.press('Alt+P');
  await expect(recordingState(page)).toContainText('Үзіліс');
  await page.keyboard.press('Alt+U');
  await expect(recordingState(page)).toHaveText('Жазылуда');
  await page.waitForTimeout(1000);

  // Closing the hearing stops the recording.
  await page.keyboard.press('Alt+Z');
  await expect(recordingState(page)).toHaveText('Жазба аяқталды', { timeout: 30_000 });
  await expect(page.getByTestId('hearing-status')).toHaveText('Жабылды');
  const kinds = await page.getByTestId('entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
  expect(kinds).toEqual(['opened', 'composition_announced', 'rights_explained', 'testimony_begins', 'note', 'recess', 'resumed', 'closed']);
  // Every entry is pinned to the recording.
  const positions = await page.getByTestId('entry-position').allTextContents();
  for (const p of positions) expect(p).toMatch(/^\d\d:\d\d:\d\d$/);

  // Export the PDF in Kazakh and read it back.
  await page.getByRole('button', { name: 'PDF' }).click();
  await expect(page.getByTestId('export-result')).toContainText('.pdf');
  const pdf = (await page.getByTestId('export-result').textContent())!.replace(/^.*?: /, '').trim();
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain(CASE);
  expect(text).toContain('Куә келісім-шартқа өз қолымен қол қойғанын растады');
  expect(text).toMatch(/Құқықтары|құқықтары/);
  expect(text).toContain('Үсенов Ұлан');
  // Held with the use of video-conference, as the protocol says it, and the remote witness marked.
  const flowing = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(flowing).toContain('Сот отырысы бейнеконференцбайланыс жүйесін пайдалану арқылы өткізілді (TrueConf).');
  expect(flowing).toContain('Үсенов Ұлан (бейнеконференцбайланыс арқылы)');
  for (const p of positions) expect(text).toContain(p);

  // A closed hearing cannot be opened again: Alt+O is refused in the secretary's language, and the hearing stays closed.
  await page.keyboard.press('Alt+O');
  await expect(page.getByTestId('error')).toContainText('жабылған');
  await expect(page.getByTestId('hearing-status')).toHaveText('Жабылды');
  await expect(page.getByTestId('entry')).toHaveCount(8);

  // The recording the hearing made verifies, and its timeline shows the recess.
  const state = await page.evaluate(() =>
    (window as never as { hattama: { recording: { state(i: object): Promise<{ ok: true; value: { folder: string; timeline: Array<{ type: string }> } }> } } }).hattama.recording.state({}),
  );
  expect(state.value.timeline.map((m) => m.type)).toEqual(['start', 'pause', 'resume', 'stop']);
  const verify = spawnSync(process.execPath, [path.join(repo, 'bin/hattama.js'), 'verify', path.join(station.dataDir, state.value.folder)], { encoding: 'utf8' });
  expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  expect(consoleErrors).toEqual([]);
});

test('a case missing from the schedule is opened by its number; bad input is explained, nothing lost', async ({ page, station }) => {
  await openStation(page, station);
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('2-999/2026');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Іс 2-999/2026' })).toBeVisible();
  await page.getByRole('button', { name: /Отырысты бастау/ }).click();
  await expect(page.getByTestId('entry')).toHaveCount(1);
  // Testimony needs a speaker: a clear error, nothing logged.
  await page.keyboard.press('Alt+T');
  await expect(page.getByTestId('error')).toContainText('сөйлеушіні');
  await expect(page.getByTestId('entry')).toHaveCount(1);
  // An entry is edited: the history keeps the first text.
  await page.locator('#note-text').focus();
  await page.keyboard.type('Бірінші мәтін');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('entry')).toHaveCount(2);
  await page.getByTestId('entry').nth(1).getByRole('button', { name: 'Түзету' }).click();
  await page.getByRole('textbox', { name: 'Мәтін' }).fill('Түзетілген мәтін');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('entry').nth(1)).toContainText('Түзетілген мәтін');
  await page.getByTestId('entry').nth(1).getByRole('button', { name: 'Тарихы' }).click();
  await expect(page.getByRole('dialog')).toContainText('Бірінші мәтін');
  await expect(page.getByRole('dialog')).toContainText('Түзетілген мәтін');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
