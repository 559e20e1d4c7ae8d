import { latinWords } from '../test/i18n/latin-words';
import { call, ok } from './support/page-api';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { expect, openStation, test } from './support/station';

// A witness who takes part by video-conference (issue 17): the secretary marks the line remote
// and types the program on it; the core keeps it, the line's history shows it, and a program on
// a line that is not remote is refused in the console's language.

test.use({ viewport: COURTROOM_SCREEN });

test('a remote witness: marked remote on the roster, with the video-conference program typed on the line', async ({ page, station, consoleErrors }) => {
  await openStation(page, station);
  const h = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: '2-918/2026', category: 'civil' });
  await ok(page, 'protocol', 'addParticipant', { hearingId: h.id, name: 'Жұмабаев Ерлан', role: 'plaintiff', attendance: 'present' });
  const witness = await ok<{ id: number }>(page, 'protocol', 'addParticipant', { hearingId: h.id, name: 'Ахметова Гүлнар', role: 'witness' });

  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('2-918/2026');
  await page.keyboard.press('Enter');

  const line = page.getByTestId('participant').filter({ hasText: 'Ахметова Гүлнар' });
  await expect(line.getByRole('textbox', { name: 'Ахметова Гүлнар: бейнеконференцбайланыс бағдарламасы' })).toHaveCount(0);
  await line.getByRole('radio', { name: /Бейнебайланыс арқылы қатысты/ }).click();
  await expect(line).toHaveClass(/attendance-remote/);
  const app = line.getByRole('textbox', { name: 'Ахметова Гүлнар: бейнеконференцбайланыс бағдарламасы' });
  await expect(app).toBeVisible();
  // The line's attendance keys do not fire while the program is typed (P, A, R are in "TrueConf"… and in "Zoom").
  await app.fill('');
  await app.pressSequentially('  TrueConf ');
  await app.press('Enter');
  await expect.poll(async () => (await ok<{ participants: Array<{ id: number; attendance: string; via: string | null; app: string | null }> }>(page, 'protocol', 'getHearing', { hearingId: h.id })).participants.find((p) => p.id === witness.id)).toMatchObject({
    attendance: 'remote',
    via: 'videoconference',
    app: 'TrueConf',
  });
  await expect(app).toHaveValue('TrueConf');

  await line.getByRole('button', { name: 'Тарихы' }).click();
  const history = page.getByTestId('participant-history');
  await expect(history.getByTestId('participant-change').last()).toContainText('бағдарлама: TrueConf');
  await expect(history.getByTestId('participant-change').nth(1)).toContainText('қатысу тәсілі: бейнеконференцбайланыс арқылы');
  await page.keyboard.press('Escape');
  await keepScreenshot(page, 'secretary-remote-kk-roster');
  // Nothing in Latin letters on the screen but the program's own name.
  expect([...new Set(latinWords(await page.locator('body').innerText()))].filter((w) => w !== 'TrueConf')).toEqual([]);

  // A program for someone in the room is refused, by the core, in the console's language.
  const refused = await call(page, 'protocol', 'setAttendance', { participantId: witness.id, attendance: 'present', app: 'Zoom' });
  expect(refused.ok).toBe(false);
  expect(!refused.ok && refused.error.message).toContain('Бейнеконференцбайланыс бағдарламасы тек бейнеконференцбайланыс арқылы қатысатын қатысушыға көрсетіледі');

  // Marked present, the program goes with the field.
  await line.getByRole('radio', { name: /Келді/ }).click();
  await expect(line).toHaveClass(/attendance-present/);
  await expect(app).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
