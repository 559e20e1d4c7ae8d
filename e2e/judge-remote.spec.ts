import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ReviewAuditRow, ReviewSession } from '../common/contract/review';
import { channelRmsDb, concatPcm, playRoom, readWav, roomRaw, stopPlayers, toneWav, type Pcm } from '../test/support/pulse';
import { ensureConferenceSinks, playConference, releaseConferenceSinks } from '../test/support/pulse-conference';
import { ok } from './support/page-api';
import { litAt, position, unfocus } from './support/player';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { expect, openStation, test } from './support/station';

// A hearing with a witness attending by video-conference, recorded for real: a tone on all eight
// room microphones throughout, the conference's sound (another tone) from about 6 s on, and
// microphone 3 muted for a private word from about 3 s to about 6 s. In the judge's player:
// the conference is its own row (solo, meter, waveform), silent where the call was and sounding
// where it was, and the solo is audited as the conference; the mute is a lane on the timeline
// and two entries of the protocol; while it lasts, channel 3 is silent and the others are not,
// in the player's meters and in the recorded files.

const CASE = '2-977/2026';
const RATE = 48_000;

const db = async (page: Page, testId: string, channel?: number) =>
  Number(await page.locator(`[data-testid="${testId}"]${channel ? `[data-channel="${channel}"]` : ''}`).getAttribute('data-db'));

/** Frames [fromMs, toMs) of a track's segments, read back from the session folder. */
function trackSpan(dir: string, track: string, fromMs: number, toMs: number): Pcm {
  const files = fs.readdirSync(dir).filter((f) => f.startsWith(`${track}-`) && f.endsWith('.wav')).sort();
  const all = concatPcm(files.map((f) => readWav(path.join(dir, f))));
  const a = Math.floor((fromMs / 1000) * RATE) * all.channels;
  const b = Math.floor((toMs / 1000) * RATE) * all.channels;
  const samples = all.samples.slice(a, b);
  return { ...all, samples, frames: samples.length / all.channels };
}

test("a remote hearing in the judge's player: the conference soloed, and a privacy mute on channel 3 in the timeline and the protocol", async ({ page, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  test.setTimeout(180_000);
  await ensureConferenceSinks();
  try {
    await page.setViewportSize(COURTROOM_SCREEN);
    await openStation(page, station);
    await ok(page, 'settings', 'update', { patch: { segmentSeconds: 5, audio: { conferenceDevice: 'conference.monitor' } } });
    const hearing = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: CASE, judge: 'Ахметова А.', category: 'criminal' });
    const witness = await ok<{ id: number }>(page, 'protocol', 'addParticipant', { hearingId: hearing.id, name: 'Ахметова Гүлнар', role: 'witness' });
    await ok(page, 'protocol', 'setAttendance', { participantId: witness.id, attendance: 'remote', app: 'TrueConf' });

    await ok(page, 'protocol', 'startHearing', { hearingId: hearing.id });
    const room = playRoom(roomRaw(toneWav(700, 16, 0.3), [1, 2, 3, 4, 5, 6, 7, 8]));
    const state = () => ok<{ position: number }>(page, 'recording', 'state', { hearingId: hearing.id });
    const past = (s: number) => expect.poll(async () => (await state()).position, { timeout: 25_000, intervals: [200] }).toBeGreaterThan(s);
    await past(3);
    await ok(page, 'hearing', 'privacyMute', { hearingId: hearing.id, channel: 3, on: true });
    await past(6);
    await ok(page, 'hearing', 'privacyMute', { hearingId: hearing.id, channel: 3, on: false });
    const call = playConference(toneWav(1000, 8, 0.5), 8);
    await past(13);
    await ok(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'closed' });
    call.stop();
    room.stop();
    stopPlayers();

    await page.keyboard.press('Alt+2');
    await page.getByTestId('judge-hearing').filter({ hasText: CASE }).click();
    await expect(page.getByTestId('review-case')).toContainText(CASE);
    const [session] = await ok<ReviewSession[]>(page, 'review', 'sessions', { hearingId: hearing.id });
    expect(session!.conference).toEqual({ channels: 2, device: 'conference.monitor' });
    const total = Number(await page.getByRole('slider').getAttribute('aria-valuemax'));
    expect(total).toBeGreaterThan(12_000);

    // The mute: a lane on the timeline for channel 3, and the two entries in the protocol.
    const muted = page.getByTestId('muted-span');
    await expect(muted).toHaveCount(1);
    await expect(muted).toHaveAttribute('data-channel', '3');
    const mutedFrom = Number(await muted.getAttribute('data-from-ms'));
    const mutedTo = Number(await muted.getAttribute('data-to-ms'));
    expect(mutedFrom).toBeGreaterThanOrEqual(3000);
    expect(mutedTo - mutedFrom).toBeGreaterThan(2000);
    await expect(page.locator('[data-testid="review-entry"][data-kind="privacy_mute"]')).toContainText('Микрофон құпия әңгімеге өшірілді');
    await expect(page.locator('[data-testid="review-entry"][data-kind="privacy_unmute"]')).toContainText('Микрофон қайта қосылды');

    // The conference is a row of its own beside the microphones, and the mix names both.
    await expect(page.getByTestId('solo-mix')).toHaveText('Микрофондар мен конференция');
    const conference = page.getByTestId('solo-conference');
    await expect(conference).toContainText('Бейнеконференцбайланыс');
    await expect(page.getByTestId('waveform')).toHaveAttribute('data-conference', 'yes');
    await conference.click();
    await expect(page.getByTestId('waveform')).toHaveAttribute('data-row', 'conference');
    // Its waveform: flat before the call sounded, tall after.
    await expect.poll(() => litAt(page, 10_000 / total)).toBeGreaterThan(5 * (await litAt(page, 2000 / total)));
    await page.getByTestId('solo-mix').click();
    await expect(page.getByTestId('waveform')).toHaveAttribute('data-row', 'mix');

    // Seek by a click on the timeline at `ms` (the player goes where the pointer is let go).
    const bar = (await page.getByRole('slider').boundingBox())!;
    const seekTo = async (ms: number) => {
      await page.mouse.click(bar.x + (bar.width * ms) / total, bar.y + bar.height / 2);
      await expect.poll(() => position(page)).toBeGreaterThan(ms - 400);
      await unfocus(page);
    };

    // Within the mute, playing the mix: channel 3 is silent, 1, 2 and 4 are not.
    await seekTo((mutedFrom + mutedTo) / 2 - 600);
    await page.keyboard.press('Space');
    await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'playing');
    await expect.poll(() => db(page, 'solo-channel', 1), { timeout: 3000, intervals: [100] }).toBeGreaterThan(-40);
    expect(await db(page, 'solo-channel', 3)).toBeLessThan(-90);
    for (const c of [2, 4]) expect(await db(page, 'solo-channel', c)).toBeGreaterThan(-40);
    await page.keyboard.press('k');

    // The conference soloed: nothing heard before the call sounded, its tone after; the room not.
    await conference.click();
    await seekTo(1500);
    await page.keyboard.press('Space');
    await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'playing');
    await page.waitForTimeout(700);
    expect(await db(page, 'output-level')).toBeLessThan(-80);
    expect(await db(page, 'solo-channel', 1)).toBeGreaterThan(-40); // the room's meter still moves while it is not heard
    await page.keyboard.press('k');
    await seekTo(9500);
    await page.keyboard.press('Space');
    await expect.poll(() => db(page, 'output-level'), { timeout: 3000, intervals: [100] }).toBeGreaterThan(-40);
    expect(await db(page, 'solo-conference')).toBeGreaterThan(-40);
    // The conference's own elements play its files, in step with the microphones' clock.
    const files = await page.locator('[data-testid="track-audio"]').evaluateAll((els) => els.map((e) => (e as HTMLAudioElement).dataset.file ?? ''));
    expect(files.some((f) => f.startsWith('conference-'))).toBe(true);
    await keepScreenshot(page, 'judge-remote-kk');
    await page.keyboard.press('k');
    const audit = await ok<ReviewAuditRow[]>(page, 'review', 'audit', { hearingId: hearing.id });
    expect(audit.filter((a) => a.action === 'play' && a.track === 'conference').length).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('review-audit')).toContainText('Бейнеконференцбайланыс');

    await ok(page, 'settings', 'update', { patch: { language: 'ru' } });
    await expect(page.getByTestId('solo-conference')).toContainText('Видеоконференцсвязь');
    await expect(page.getByTestId('solo-mix')).toHaveText('Микрофоны и конференция');
    await keepScreenshot(page, 'judge-remote-ru');
    await ok(page, 'settings', 'update', { patch: { language: 'kk' } });

    // The recorded files say the same: channel 3 digital silence in the mute, the others the tone;
    // the conference track silent before the call and sounding after.
    const dir = path.join(station.dataDir, 'recordings', session!.sessionId);
    const span = trackSpan(dir, 'audio', mutedFrom + 300, mutedTo - 300);
    expect(channelRmsDb(span, 3)).toBeLessThan(-90);
    for (const c of [1, 2, 4, 5, 6, 7, 8]) expect(channelRmsDb(span, c)).toBeGreaterThan(-40);
    const before = trackSpan(dir, 'conference', 500, 5000);
    const after = trackSpan(dir, 'conference', 8000, 12_000);
    expect(channelRmsDb(before, 1)).toBeLessThan(-80);
    expect(channelRmsDb(after, 1)).toBeGreaterThan(-40);
    expect(consoleErrors).toEqual([]);
  } finally {
    releaseConferenceSinks();
  }
});
