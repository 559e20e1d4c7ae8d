import type { Page } from '@playwright/test';
import { playRoom, roomRaw, speechWav, stopPlayers, toneWav } from '../test/support/pulse';
import { ok } from './support/page-api';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { addPerson, cli, expect, openStation, pinFile, test, TEST_PERSON, type TestPerson } from './support/station';

// The judge seals a stretch of a recorded hearing from the player: marks in and out with the
// keys, seals with a ground in a dialog, changes the speed, makes an excerpt of a range (the
// sealed part cut out). A secretary playing through the stretch is carried over it and sees the
// sealed block; the judge plays inside it, and the station's audit lists that playback.
const CASE = '2-731/2025';
const SECRETARY: TestPerson = { name: 'Серікова Динара Асқарқызы', pin: '1357', roles: ['secretary'] };
const SEAL_FROM = 5000;
const SEAL_TO = 10_000;

const position = async (page: Page) => Number(await page.getByTestId('player-position').getAttribute('data-ms'));
// The review's keys do nothing while a field has the focus (the speed select, say).
const unfocus = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
const rates = (page: Page) =>
  page.evaluate(() => Array.from(document.querySelectorAll<HTMLAudioElement>('audio[data-testid="review-audio"]')).map((a) => ({ rate: a.playbackRate, pitch: a.preservesPitch })));

test('the judge marks and seals a range, changes the speed and makes an excerpt; a secretary is carried over the sealed range; the judge plays inside it and the audit lists it', async ({ page, context, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  addPerson(station, SECRETARY);
  await page.setViewportSize(COURTROOM_SCREEN);
  await openStation(page, station);
  await ok(page, 'settings', 'update', { patch: { segmentSeconds: 5 } });

  // Record ~14 s (three 5-second files): a tone on the judge's microphone, speech on the witness's.
  const tone = playRoom(roomRaw(toneWav(700, 20, 0.4), [1]));
  const speech = playRoom(roomRaw(speechWav(), [4], 20));
  const hearing = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: CASE, judge: 'Ахметова А.' });
  await ok(page, 'protocol', 'startHearing', { hearingId: hearing.id });
  await page.waitForTimeout(2500);
  await ok(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'note', text: 'Куә сот залына шақырылды' });
  const state = () => ok<{ position: number }>(page, 'recording', 'state', { hearingId: hearing.id });
  await expect.poll(async () => (await state()).position, { timeout: 25_000, intervals: [200] }).toBeGreaterThan(12);
  const second = await ok<{ recordingPositionMs: number }>(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'note', text: 'Куә жауап берді' });
  await page.waitForTimeout(1500);
  await ok(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'closed' });
  tone.stop();
  speech.stop();
  stopPlayers();

  // The judge opens the hearing: the marks, seal and excerpt controls are there.
  await page.keyboard.press('Alt+2');
  await page.getByTestId('judge-hearing').filter({ hasText: CASE }).click();
  await expect(page.getByTestId('review-case')).toContainText(CASE);
  await expect(page.getByTestId('seal-controls')).toBeVisible();
  await expect(page.getByTestId('sealed-block')).toHaveCount(0);
  await expect(page.getByTestId('seal-open')).toBeDisabled();

  // → moves 5 s; [ and ] mark in and out there.
  await unfocus(page);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('player-position')).toHaveAttribute('data-ms', String(SEAL_FROM));
  await page.keyboard.press('BracketLeft');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('player-position')).toHaveAttribute('data-ms', String(SEAL_TO));
  await page.keyboard.press('BracketRight');
  const marked = page.getByTestId('marked-range');
  await expect(marked).toHaveAttribute('data-from-ms', String(SEAL_FROM));
  await expect(marked).toHaveAttribute('data-to-ms', String(SEAL_TO));
  await expect(page.getByTestId('marked-block')).toBeVisible();

  // The dialog: Escape closes it; "other" needs words; the judge seals for a minor.
  await page.getByTestId('seal-open').click();
  const dialog = page.getByTestId('seal-dialog');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await page.getByTestId('seal-open').click();
  await dialog.getByTestId('seal-reason').selectOption('other');
  await expect(dialog.getByTestId('seal-submit')).toBeDisabled();
  await dialog.getByTestId('seal-reason').selectOption('minor');
  await dialog.getByTestId('seal-text').fill('Кәмелетке толмаған куәдан жауап алу');
  await dialog.getByTestId('seal-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('sealed-block')).toHaveCount(1);
  const row = page.getByTestId('seal-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-from-ms', String(SEAL_FROM));
  await expect(row).toHaveAttribute('data-to-ms', String(SEAL_TO));
  await expect(row).toContainText('кәмелетке толмаған');
  await expect(row).toContainText(TEST_PERSON.name);

  // Speed: the media elements follow the select, pitch kept.
  const speed = page.getByTestId('player-speed');
  await speed.selectOption('0.5');
  await expect.poll(() => rates(page)).toEqual([{ rate: 0.5, pitch: true }, { rate: 0.5, pitch: true }]);
  await speed.selectOption('2');
  await expect.poll(() => rates(page)).toEqual([{ rate: 2, pitch: true }, { rate: 2, pitch: true }]);
  await speed.selectOption('1');
  await expect.poll(() => rates(page)).toEqual([{ rate: 1, pitch: true }, { rate: 1, pitch: true }]);

  // An excerpt of 0–10 s: the core cuts the sealed 5–10 s out and says where it wrote the clip.
  await unfocus(page);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('player-position')).toHaveAttribute('data-ms', '0');
  await page.keyboard.press('BracketLeft');
  await expect(marked).toHaveAttribute('data-from-ms', '0');
  await expect(marked).toHaveAttribute('data-to-ms', String(SEAL_TO));
  await page.getByTestId('clip-make').click();
  const clip = page.getByTestId('clip-result');
  await expect(clip).toBeVisible({ timeout: 20_000 });
  await expect(clip).toHaveAttribute('data-hash', /^[0-9a-f]{64}$/);
  expect(await clip.getAttribute('data-dir')).toContain('clips');
  await expect(clip).toContainText('00:00:05.0–00:00:10.0');
  await keepScreenshot(page, 'judge-seal-kk');
  await ok(page, 'settings', 'update', { patch: { language: 'ru' } });
  await expect(page.getByTestId('seal-open')).toHaveText('Опечатать этот интервал');
  await keepScreenshot(page, 'judge-seal-ru');
  await ok(page, 'settings', 'update', { patch: { language: 'kk' } });
  await expect(page.getByTestId('seal-open')).toHaveText('Осы аралықты мөрлеу');

  // A secretary: the sealed block is shown, no seal controls; playback from the first note runs over the range.
  const sec = await context.newPage();
  const secErrors: string[] = [];
  sec.on('pageerror', (e) => secErrors.push(e.message));
  await sec.setViewportSize(COURTROOM_SCREEN);
  await openStation(sec, station, SECRETARY);
  await sec.keyboard.press('Alt+2');
  await sec.getByTestId('judge-hearing').filter({ hasText: CASE }).click();
  await expect(sec.getByTestId('review-player')).toBeVisible();
  await expect(sec.getByTestId('sealed-block')).toHaveCount(1);
  await expect(sec.getByTestId('seal-controls')).toHaveCount(0);
  // Every position the player shows, sampled in the page.
  await sec.evaluate(() => {
    const w = window as unknown as { seen: number[] };
    w.seen = [];
    setInterval(() => w.seen.push(Number(document.querySelector('[data-testid="player-position"]')?.getAttribute('data-ms'))), 20);
  });
  await sec.getByTestId('review-entry').filter({ hasText: 'шақырылды' }).click();
  await expect(sec.getByTestId('review-player')).toHaveAttribute('data-state', 'playing');
  expect(await position(sec)).toBeLessThan(SEAL_FROM);
  await expect.poll(() => position(sec), { timeout: 15_000, intervals: [100] }).toBeGreaterThan(SEAL_TO + 500);
  await sec.keyboard.press('Space');
  const seen = await sec.evaluate(() => (window as unknown as { seen: number[] }).seen);
  // The player checks every 100 ms: it may show a moment just past the start before it jumps, never further in.
  const inside = seen.filter((ms) => ms > SEAL_FROM + 400 && ms < SEAL_TO);
  expect(inside, `positions inside the sealed range: ${inside.slice(0, 10).join(', ')}`).toEqual([]);
  expect(seen.some((ms) => ms < SEAL_FROM)).toBe(true);
  expect(seen.some((ms) => ms >= SEAL_TO)).toBe(true);
  expect(secErrors).toEqual([]);

  // The judge plays inside the sealed range: it plays on there.
  await page.bringToFront();
  await unfocus(page);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('player-position')).toHaveAttribute('data-ms', String(SEAL_FROM));
  await page.keyboard.press('Space');
  await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'playing');
  await expect.poll(() => position(page), { timeout: 5000 }).toBeGreaterThan(SEAL_FROM + 1000);
  expect(await position(page)).toBeLessThan(SEAL_TO);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'paused');

  // The station's audit lists the judge's playback inside the range, and the secretary's outside it.
  const audit = JSON.parse(cli(['audit', '--data', station.dataDir, '--as', TEST_PERSON.name, '--as-pin-file', pinFile(TEST_PERSON.pin), '--hearing', String(hearing.id), '--json'])) as Array<{
    call: string;
    personName: string | null;
    outcome: string;
    target: Record<string, unknown>;
  }>;
  const plays = audit.filter((r) => r.call === 'review.play' && r.outcome === 'ok');
  expect(plays.some((r) => r.personName === TEST_PERSON.name && r.target.positionMs === SEAL_FROM)).toBe(true);
  const secretaryPlays = plays.filter((r) => r.personName === SECRETARY.name);
  expect(secretaryPlays.length).toBeGreaterThan(0);
  for (const r of secretaryPlays) expect(Number(r.target.positionMs) < SEAL_FROM || Number(r.target.positionMs) >= SEAL_TO).toBe(true);

  // ↓ goes to the next protocol entry (with the 2 s lead-in), paused as it was.
  await unfocus(page);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('player-position')).toHaveAttribute('data-ms', String(second.recordingPositionMs - 2000));
  await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'paused');

  // The judge lifts the seal with a ground: the block goes; both records stay in the evidence.
  await page.getByTestId('seal-lift').click();
  const lift = page.getByTestId('lift-dialog');
  await expect(lift.getByTestId('lift-submit')).toBeDisabled();
  await lift.getByTestId('lift-text').fill('Куә кәмелет жасына толғаны анықталды');
  await lift.getByTestId('lift-submit').click();
  await expect(lift).toHaveCount(0);
  await expect(page.getByTestId('sealed-block')).toHaveCount(0);
  await expect(page.getByTestId('seal-row')).toHaveCount(0);
  const [session] = await ok<Array<{ sessionId: string }>>(page, 'review', 'sessions', { hearingId: hearing.id });
  const seals = await ok<{ records: Array<{ op: string }>; inForce: unknown[] }>(page, 'review', 'seals', { sessionId: session!.sessionId });
  expect(seals.records.map((r) => r.op)).toEqual(['seal', 'unseal']);
  expect(seals.inForce).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
