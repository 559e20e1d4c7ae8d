import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { playRoom, roomRaw, speechWav, stopPlayers, toneWav } from '../test/support/pulse';
import { expect, openStation, test } from './support/station';
import { ok } from './support/page-api';

// The judge in chambers: a short hearing is recorded for real (a tone on the judge's
// microphone, speech on the witness's), then found in the Judge workspace; a click on an entry
// plays from just before its moment, across segment files; one microphone is soloed; the audit
// shows the playback; the session still verifies.
const repo = path.resolve(import.meta.dirname, '..');
const CASE = '2-515/2025';


test('the judge finds a hearing, jumps from an entry into the recording, solos a microphone; playback is audited and the session verifies', async ({ page, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  await openStation(page, station);
  await ok(page, 'settings', 'update', { patch: { segmentSeconds: 5 } });

  // Record ~9 s: two segment files. The judge's microphone carries a tone, the witness speaks.
  const tone = playRoom(roomRaw(toneWav(700, 14, 0.4), [1]));
  const speech = playRoom(roomRaw(speechWav(), [4], 14));
  const hearing = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: CASE, judge: 'Ахметова А.' });
  // Opening the hearing starts its recording; the core pins each entry to it.
  await ok(page, 'protocol', 'startHearing', { hearingId: hearing.id });
  const logAt = async (kind: string, text?: string) => {
    const e = await ok<{ recordingPositionMs: number | null }>(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind, ...(text ? { text } : {}) });
    expect(e.recordingPositionMs).not.toBeNull();
    return e.recordingPositionMs!;
  };
  await page.waitForTimeout(2500);
  await logAt('rights_explained');
  // Well inside the second 5-second file, so the 2 s pre-roll (playback from ~6 s) cannot cross back over the file boundary while the test looks.
  await expect.poll(async () => (await ok<{ position: number }>(page, 'recording', 'state', { hearingId: hearing.id })).position, { timeout: 20_000, intervals: [200] }).toBeGreaterThan(8);
  const notePos = await logAt('note', 'Куә шартқа қол қойғанын растады');
  await page.waitForTimeout(2000);
  await ok(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'closed' });
  const stopped = await ok<{ folder: string }>(page, 'recording', 'state', { hearingId: hearing.id });
  tone.stop();
  speech.stop();
  stopPlayers();
  expect(notePos).toBeGreaterThan(5000); // in the second segment file

  // The Judge workspace: the hearing is in the recent list.
  await page.keyboard.press('Alt+2');
  await page.getByTestId('judge-hearing').filter({ hasText: CASE }).click();
  await expect(page.getByTestId('review-case')).toContainText(CASE);
  await expect(page.getByTestId('review-player')).toBeVisible();
  await expect(page.getByTestId('solo-channel')).toHaveCount(8);

  // Click the note: playback starts at most 2.5 s before its moment, from the second file.
  const note = page.getByTestId('review-entry').filter({ hasText: 'Куә шартқа' });
  await note.click();
  await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'playing');
  const started = Number(await page.getByTestId('player-position').getAttribute('data-ms'));
  expect(started).toBeGreaterThanOrEqual(notePos - 2500);
  expect(started).toBeLessThanOrEqual(notePos + 300);
  const audio = await page.evaluate(() => {
    const el = Array.from(document.querySelectorAll<HTMLAudioElement>('audio[data-testid="review-audio"]')).find((a) => !a.paused)!;
    return { file: el.dataset.file, startMs: Number(el.dataset.startMs), currentTime: el.currentTime, paused: el.paused };
  });
  expect(audio.file).toBe(started < 5000 ? 'audio-000001.wav' : 'audio-000002.wav');
  expect(audio.paused).toBe(false);
  expect(audio.startMs + audio.currentTime * 1000).toBeGreaterThanOrEqual(notePos - 2500);
  // It really plays, and runs on from the first file into the second at the 5 s boundary.
  const playing = () =>
    page.evaluate(() => {
      const el = Array.from(document.querySelectorAll<HTMLAudioElement>('audio[data-testid="review-audio"]')).find((a) => !a.paused);
      return el ? `${el.dataset.file}@${Math.round(Number(el.dataset.startMs) + el.currentTime * 1000)}` : 'none';
    });
  await expect.poll(playing, { timeout: 8000 }).toMatch(/^audio-000002\.wav@(5[3-9]\d\d|[6-9]\d{3})$/);
  expect(Number(await page.getByTestId('player-position').getAttribute('data-ms'))).toBeGreaterThan(5000);

  // Solo the judge's microphone: its meter shows the tone, the empty channels stay down.
  await page.getByTestId('solo-channel').nth(0).click();
  await expect(page.getByTestId('solo-channel').nth(0)).toHaveAttribute('aria-checked', 'true');
  await expect
    .poll(async () => page.getByTestId('solo-channel').nth(0).locator('.meter-fill').evaluate((e) => parseFloat((e as HTMLElement).style.width)), { timeout: 5000 })
    .toBeGreaterThan(30);
  expect(await page.getByTestId('solo-channel').nth(1).locator('.meter-fill').evaluate((e) => parseFloat((e as HTMLElement).style.width))).toBeLessThan(5);
  await page.screenshot({ path: test.info().outputPath('judge-review.png'), fullPage: true });

  // Space pauses, J goes back 10 s (clamped at 0), Space plays again (a new, audited start).
  await page.keyboard.press('Space');
  await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'paused');
  await page.keyboard.press('j');
  await expect(page.getByTestId('player-position')).toHaveAttribute('data-ms', '0');
  // Up/Down walk the entries; Enter plays the focused one.
  await page.getByTestId('review-entry').first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('review-entry').nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'playing');

  // The audit: the hearing was opened, and each start is there with its channel.
  await page.getByTestId('review-audit').locator('summary').click();
  await expect(page.getByTestId('audit-row').and(page.locator('[data-action="play"]'))).toHaveCount(3);
  await expect(page.getByTestId('audit-row').and(page.locator('[data-channel="1"]')).first()).toBeVisible();
  const audit = await ok<Array<{ action: string; positionMs: number | null; channel: number | null; transport: string }>>(page, 'review', 'audit', { hearingId: hearing.id });
  const plays = audit.filter((a) => a.action === 'play');
  expect(plays[0]).toMatchObject({ channel: null, transport: 'bridge' });
  expect(plays[0]!.positionMs).toBe(Math.max(0, notePos - 2000));
  expect(plays.some((p) => p.channel === 1)).toBe(true);

  // The media route: Range gives 206, no token 401.
  const sessions = await ok<Array<{ segments: Array<{ url: string }> }>>(page, 'review', 'sessions', { hearingId: hearing.id });
  const url = new URL(sessions[0]!.segments[1]!.url, station.url).href;
  const ranged = await page.request.get(url, { headers: { Range: 'bytes=0-99' } });
  expect(ranged.status()).toBe(206);
  expect(ranged.headers()['content-range']).toMatch(/^bytes 0-99\/\d+$/);
  expect(ranged.headers()['content-type']).toBe('audio/wav');
  expect((await ranged.body()).subarray(0, 4).toString()).toBe('RIFF');
  const bare = await page.request.get(url.replace(/\?t=.*$/, ''));
  expect(bare.status(), `${url} ${(await bare.text()).slice(0, 200)}`).toBe(401);

  // Listening changed nothing: the session verifies.
  await page.keyboard.press('Space');
  const verify = spawnSync(process.execPath, [path.join(repo, 'bin/hattama.js'), 'verify', path.join(station.dataDir, stopped.folder)], { encoding: 'utf8' });
  expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  expect(consoleErrors).toEqual([]);
});
