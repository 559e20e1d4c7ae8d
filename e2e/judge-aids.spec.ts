import fs from 'node:fs';
import { playRoom, roomRaw, stopPlayers, toneWav } from '../test/support/pulse';
import { ok } from './support/page-api';
import { litAt, position, unfocus } from './support/player';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { expect, openStation, test } from './support/station';

// The judge's aids in the player, on a real recording: the waveform shows where the judge's
// microphone was loud and where the room was silent (the mix, and a soloed silent microphone);
// J/K/L (L again speeds up); a drag on the timeline seeks where it is let go; bookmarks with a
// note (B), kept after leaving the hearing, edited, removed; a participant's copy made from the
// screen, its files on disk with the hashes the screen shows.
const CASE = '2-845/2026';
const TONE_S = 8;

test("the judge's waveform, keys, drag, bookmarks and a participant's copy on a recorded hearing", async ({ page, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  test.setTimeout(180_000);
  await page.setViewportSize(COURTROOM_SCREEN);
  await openStation(page, station);
  await ok(page, 'settings', 'update', { patch: { segmentSeconds: 5 } });

  // ~12 s: a loud tone on the judge's microphone for the first 8 s, then silence.
  const hearing = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: CASE, judge: 'Ахметова А.' });
  await ok(page, 'protocol', 'startHearing', { hearingId: hearing.id });
  const tone = playRoom(roomRaw(toneWav(700, TONE_S, 0.5), [1]));
  await ok(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'note', text: 'Төрағалық етуші отырысты ашты' });
  const state = () => ok<{ position: number }>(page, 'recording', 'state', { hearingId: hearing.id });
  const past = (s: number) => expect.poll(async () => (await state()).position, { timeout: 25_000, intervals: [200] }).toBeGreaterThan(s);
  // The defence counsel's microphone muted for a private word from about 5 s to about 8 s.
  await past(5);
  await ok(page, 'hearing', 'privacyMute', { hearingId: hearing.id, channel: 3, on: true });
  await past(8);
  await ok(page, 'hearing', 'privacyMute', { hearingId: hearing.id, channel: 3, on: false });
  await past(11);
  await ok(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'closed' });
  tone.stop();
  stopPlayers();

  await page.keyboard.press('Alt+2');
  await page.getByTestId('judge-hearing').filter({ hasText: CASE }).click();
  await expect(page.getByTestId('review-case')).toContainText(CASE);

  // The privacy mute is a lane on the timeline, with its channel and span.
  const muted = page.getByTestId('muted-span');
  await expect(muted).toHaveCount(1);
  await expect(muted).toHaveAttribute('data-channel', '3');
  const mutedFrom = Number(await muted.getAttribute('data-from-ms'));
  const mutedTo = Number(await muted.getAttribute('data-to-ms'));
  expect(mutedFrom).toBeGreaterThanOrEqual(5000);
  expect(mutedTo - mutedFrom).toBeGreaterThan(2000);
  expect(await muted.getAttribute('title')).toContain('3 · Қорғаушы');

  // The waveform: the tone's stretch drawn tall, the silence after it flat.
  const wave = page.getByTestId('waveform');
  await expect(wave).not.toHaveAttribute('data-buckets', '0');
  const total = Number(await page.getByRole('slider').getAttribute('aria-valuemax'));
  expect(total).toBeGreaterThan(10_000);
  const loud = await litAt(page, 2000 / total);
  const quiet = await litAt(page, (total - 700) / total);
  expect(loud).toBeGreaterThan(quiet * 5);
  // Soloed, the silent witness's microphone has nothing tall at the tone's moment.
  await page.locator('[data-testid="solo-channel"][data-channel="4"]').click();
  await expect.poll(() => litAt(page, 2000 / total)).toBeLessThan(loud / 5);
  await page.getByTestId('solo-mix').click();
  await expect.poll(() => litAt(page, 2000 / total)).toBe(loud);

  // The mixer: the judge's microphone left out of the mix is not heard (what the listener hears
  // is measured after the gains), back in it is; its gain at a quarter lowers what is heard.
  const outDb = async () => Number(await page.getByTestId('output-level').getAttribute('data-db'));
  await page.getByTestId('mic-mixer').locator('summary').click();
  const judgeMic = page.locator('[data-testid="mixer-row"][data-channel="1"]');
  await judgeMic.getByTestId('mixer-mute').click();
  await expect(judgeMic.getByTestId('mixer-mute')).toHaveAttribute('aria-pressed', 'true');
  await unfocus(page);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'playing');
  await page.waitForTimeout(600);
  expect(await outDb()).toBeLessThan(-90);
  await judgeMic.getByTestId('mixer-mute').click();
  await expect.poll(outDb, { timeout: 3000, intervals: [100] }).toBeGreaterThan(-40);
  // The gain rises over a few ms; a reading taken on the way up is not the full level (a loaded
  // clean-clone run read -31 there, against -18 settled), so it is read once two readings agree.
  const steady = async () => {
    const a = await outDb();
    await page.waitForTimeout(200);
    const b = await outDb();
    return Math.abs(a - b) <= 1 ? b : Number.NaN;
  };
  await expect.poll(steady, { timeout: 3000, intervals: [0] }).not.toBeNaN();
  const full = await steady();
  expect(full).not.toBeNaN();
  await judgeMic.getByTestId('mixer-gain').fill('0.25');
  await expect.poll(outDb, { timeout: 3000, intervals: [100] }).toBeLessThanOrEqual(full - 8);
  await unfocus(page);
  await page.keyboard.press('k');
  await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'paused');
  await judgeMic.getByTestId('mixer-gain').fill('1');
  await page.getByTestId('mic-mixer').locator('summary').click();
  await unfocus(page);
  await page.keyboard.press('ArrowLeft');

  // K pauses, L plays, L again: faster (1.25×), and again (1.5×); J goes 10 s back.
  await unfocus(page);
  const player = page.getByTestId('review-player');
  await page.keyboard.press('l');
  await expect(player).toHaveAttribute('data-state', 'playing');
  await page.keyboard.press('l');
  await expect(page.getByTestId('player-speed')).toHaveValue('1.25');
  await page.keyboard.press('l');
  await expect(page.getByTestId('player-speed')).toHaveValue('1.5');
  await page.keyboard.press('k');
  await expect(player).toHaveAttribute('data-state', 'paused');
  await page.getByTestId('player-speed').selectOption('1');
  await unfocus(page);

  // A drag on the timeline: the head follows, the player goes where the pointer is let go.
  const bar = await page.getByRole('slider').boundingBox();
  expect(bar).not.toBeNull();
  await page.mouse.move(bar!.x + bar!.width * 0.2, bar!.y + bar!.height / 2);
  await page.mouse.down();
  await page.mouse.move(bar!.x + bar!.width * 0.4, bar!.y + bar!.height / 2, { steps: 5 });
  await page.mouse.move(bar!.x + bar!.width * 0.6, bar!.y + bar!.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => position(page)).toBeGreaterThan(total * 0.6 - 300);
  expect(await position(page)).toBeLessThan(total * 0.6 + 300);

  // A bookmark at 5 s with a note, by B.
  await unfocus(page);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('player-position')).toHaveAttribute('data-ms', '5000');
  await page.keyboard.press('b');
  await page.getByTestId('bookmark-note').fill('Куәнің жауабын қайта тыңдау');
  await page.keyboard.press('Enter');
  const bookmark = page.getByTestId('bookmark');
  await expect(bookmark).toHaveCount(1);
  await expect(bookmark).toHaveAttribute('data-position-ms', '5000');
  await expect(bookmark).toContainText('Куәнің жауабын қайта тыңдау');
  await expect(page.getByTestId('bookmark-mark')).toHaveCount(1);

  // The participant's copy: made from the screen, the files on disk with the hashes shown.
  await page.getByTestId('copy-lang').selectOption('ru');
  await page.getByTestId('copy-make').click();
  const copy = page.getByTestId('copy-result');
  await expect(copy).toBeVisible({ timeout: 120_000 });
  const text = (await copy.textContent()) ?? '';
  const dir = (await copy.getAttribute('data-dir')) ?? '';
  expect(dir).toContain(station.dataDir);
  expect(fs.readdirSync(dir).sort()).toEqual(['copy.mp4', 'protocol.pdf', 'receipt.json', 'receipt.sig']);
  const receipt = JSON.parse(fs.readFileSync(`${dir}/receipt.json`, 'utf8')) as { files: Array<{ sha256: string }> };
  expect(receipt.files).toHaveLength(2);
  for (const f of receipt.files) expect(text).toContain(f.sha256);

  // The player stays on top (sticky): the result is shown at the bottom of the window.
  await copy.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await keepScreenshot(page, 'judge-copy-kk');
  const shot = async (name: string) => {
    await page.getByTestId('bookmarks').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await keepScreenshot(page, name);
  };
  await shot('judge-aids-kk');
  await ok(page, 'settings', 'update', { patch: { language: 'ru' } });
  await expect(page.getByTestId('bookmark-add')).toContainText('Поставить закладку');
  await shot('judge-aids-ru');
  await ok(page, 'settings', 'update', { patch: { language: 'kk' } });

  // Left and opened again: the bookmark is kept; its note changed; removed.
  await page.getByRole('button', { name: 'Іздеуге оралу' }).click();
  await page.getByTestId('judge-hearing').filter({ hasText: CASE }).click();
  await expect(page.getByTestId('bookmark')).toHaveCount(1);
  await page.getByTestId('bookmark').getByRole('button', { name: 'Өзгерту' }).click();
  await page.getByTestId('bookmark-note').fill('Қаралды');
  await page.getByTestId('bookmark-save').click();
  await expect(page.getByTestId('bookmark')).toContainText('Қаралды');
  await page.getByTestId('bookmark-remove').click();
  await expect(page.getByTestId('bookmark')).toHaveCount(0);
  await expect(page.getByTestId('bookmark-mark')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
