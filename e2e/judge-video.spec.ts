import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ReviewSession } from '../common/contract/review';
import { readWav } from '../test/support/pulse';
import { JUMP_MS } from '../renderer/src/judge/video-sync';
import { missingTools } from '../test/support/tools';
import { roomWriter, toneAtFlash, toneRaw, watchFlashes } from './support/flash';
import { ok } from './support/page-api';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { addPerson, expect, openStation, startStation, stopStation, test, type Station, type TestPerson } from './support/station';
import { presentedFrames, sampleDrift, tileFrame, type DriftSample } from './support/tiles';
import { configure, frameLuma, launchWithCamera, makeY4m, waitForTracks, VIDEO_TOOLS } from './support/video';

// The judge's player shows every camera and the conference screen in step with the audio. A
// hearing is recorded for real with two cameras (both on Chromium's one fake camera: the station
// lets two slots open the same device when neither names it) and the fake screen, in 5-second
// files; a 1 kHz tone goes into the room in the middle of a white flash of the camera (200 ms,
// every 2 s). The judge opens it: three tiles. A seek to the tone (found in the recorded audio)
// shows camera 1's flash frame, the picture within one frame of the audio clock; so after a
// seek elsewhere and back. Playing through it, the flash frame is presented when the audio is
// there; at 1×, 0.5× and 2× every tile stays within a frame of the audio across file boundaries.
const skip = process.env.HATTAMA_E2E_NO_AUDIO || missingTools(...VIDEO_TOOLS, 'pacat');
const CASE = '2-902/2026';
const CASE_TWO = '2-903/2026';
const SECRETARY: TestPerson = { name: 'Серікова Динара Асқарқызы', pin: '1357', roles: ['secretary'] };
const FRAME_MS = 1000 / 30;
const FLASH_MS = 200;

const position = async (page: Page) => Number(await page.getByTestId('player-position').getAttribute('data-ms'));
const unfocus = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

/** Clicks the timeline where `ms` is (paused, the player moves there) and waits for the clock to say so. */
async function seekTo(page: Page, ms: number, durationMs: number): Promise<number> {
  const box = (await page.locator('.scrub').boundingBox())!;
  await page.mouse.click(box.x + (ms / durationMs) * box.width, box.y + 4);
  await expect.poll(async () => Math.abs((await position(page)) - ms), { timeout: 5000 }).toBeLessThan((durationMs / box.width) * 1.5);
  return position(page);
}

/** Per track, once `settleMs` of sampling has passed (the picture catching up after a start): the median and worst drift, the share of samples within a frame. */
function driftStats(samples: DriftSample[], settleMs: number): Record<string, { median: number; within: number; worstMs: number; n: number }> {
  const by = new Map<string, number[]>();
  for (const s of samples) if (s.t >= settleMs) by.set(s.track, [...(by.get(s.track) ?? []), Math.abs(s.driftMs)]);
  const out: Record<string, { median: number; within: number; worstMs: number; n: number }> = {};
  for (const [track, d] of by) {
    d.sort((a, b) => a - b);
    out[track] = { median: Math.round(d[Math.floor(d.length / 2)]!), within: Math.round((d.filter((x) => x < FRAME_MS).length / d.length) * 1000) / 1000, worstMs: Math.round(d[d.length - 1]!), n: d.length };
  }
  return out;
}

test('three videos play with the audio: camera 1 shows its flash at the tone after a seek, and every tile stays within a frame at 0.5×, 1× and 2×', async ({ station }) => {
  test.skip(!!skip, String(skip));
  test.setTimeout(180_000);
  const browser = await launchWithCamera(makeY4m(2, { frame: 30, frames: Math.round(FLASH_MS / FRAME_MS) }));
  const room = roomWriter();
  try {
    const page = await (await browser.newContext({ viewport: COURTROOM_SCREEN })).newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await openStation(page, station);
    const camera = { deviceId: '', width: 320, height: 240 };
    await configure(page, { cameras: [{ ...camera, role: 'judge' }, { ...camera, role: 'witness' }], recordScreen: true, segmentSeconds: 5 });

    // The hearing: opening it starts the recording; the cameras and the screen follow.
    const hearing = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: CASE, judge: 'Ахметова А.' });
    await ok(page, 'protocol', 'startHearing', { hearingId: hearing.id });
    await waitForTracks(page, ['cam1', 'cam2', 'screen']);
    const seen = await watchFlashes(page);
    expect(seen.flashes.length).toBeGreaterThanOrEqual(2);
    expect(Math.abs(seen.period - 2000)).toBeLessThan(100);
    const toneWall = await toneAtFlash(room, seen, toneRaw(100), FLASH_MS / 2 - 50);
    await page.waitForTimeout(4000);
    await ok(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'closed' });
    const { folder } = await ok<{ folder: string }>(page, 'recording', 'state', { hearingId: hearing.id });
    const dir = path.join(station.dataDir, folder);

    // Read back: the tone's first sample in the audio, the flashes in camera 1's files, on the session's timeline.
    const [session] = await ok<ReviewSession[]>(page, 'review', 'sessions', { hearingId: hearing.id });
    const seg = (track: string) => session!.segments.filter((s) => s.track === track);
    expect(seg('cam1').length).toBeGreaterThanOrEqual(2);
    expect(seg('cam2').length).toBeGreaterThanOrEqual(2);
    expect(seg('screen').length).toBeGreaterThanOrEqual(2);
    let toneMs = -1;
    for (const s of seg('audio')) {
      const pcm = readWav(path.join(dir, s.file));
      const i = Array.from({ length: pcm.frames }, (_, k) => k).find((k) => Math.abs(pcm.samples[k * pcm.channels]!) > 8000);
      if (i !== undefined) {
        toneMs = s.startMs + (i / pcm.sampleRate) * 1000;
        break;
      }
    }
    expect(toneMs, `the tone written at ${new Date(toneWall).toISOString()}, the session started at ${session!.startedAt}`).toBeGreaterThan(5500);
    // Each frame of camera 1 on the timeline with its brightness; where the flash nearest the tone starts.
    const frames = seg('cam1').flatMap((s) => frameLuma(path.join(dir, s.file)).map((f) => ({ ms: s.startMs + f.t * 1000, bright: f.y > 200 })));
    const onsets = frames.filter((f, i) => f.bright && !frames[i - 1]?.bright).map((f) => f.ms);
    const flashMs = onsets.reduce((a, f) => (Math.abs(f - toneMs) < Math.abs(a - toneMs) ? f : a), Infinity);
    /** Whether the recorded frame shown at `ms` of the timeline is a flash frame. */
    const brightAt = (ms: number) => frames.filter((f) => f.ms <= ms + 0.5).pop()?.bright ?? false;
    console.log(JSON.stringify({ toneMs: Math.round(toneMs), flashMs: Math.round(flashMs), toneIntoFlashMs: Math.round(toneMs - flashMs) }));
    // The recording put the tone at this flash (the station's own alignment, e2e/video-sync.spec.ts:
    // inside the flash on a quiet machine; a loaded one has shown it up to 340 ms late).
    expect(Math.abs(toneMs - flashMs)).toBeLessThan(500);

    // The judge opens the hearing: three tiles, named.
    await page.keyboard.press('Alt+2');
    await page.getByTestId('judge-hearing').filter({ hasText: CASE }).click();
    await expect(page.getByTestId('review-case')).toContainText(CASE);
    const tiles = page.getByTestId('video-tile');
    await expect(tiles).toHaveCount(3);
    expect(await tiles.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.track))).toEqual(['cam1', 'cam2', 'screen']);
    await expect(tiles.nth(0)).toContainText('Камера 1');
    await expect(tiles.nth(1)).toContainText('Камера 2');
    await expect(tiles.nth(2)).toContainText('Бейнеконференция экраны');
    const total = session!.durationMs;

    // Half a frame before the flash's first frame and half a frame into it: dark, then the flash.
    for (const d of [-FRAME_MS / 2, FRAME_MS / 2]) {
      await seekTo(page, flashMs + d, total);
      const f = await tileFrame(page, 'cam1');
      expect(Math.abs(f.pictureMs - f.positionMs)).toBeLessThan(FRAME_MS);
      expect(f.luma > 200, `camera 1 at ${f.positionMs} ms, the flash from ${flashMs} ms`).toBe(brightAt(f.positionMs));
      expect(f.luma > 200).toBe(d > 0);
    }
    // The judge's screen at the flash, in Kazakh.
    await tileFrame(page, 'cam2');
    await keepScreenshot(page, 'judge-video-kk');

    // Seek to the tone: camera 1 shows the frame recorded there (the flash when the tone fell in it), within a frame of the audio.
    const at = await seekTo(page, toneMs, total);
    const f1 = await tileFrame(page, 'cam1');
    console.log(JSON.stringify({ seek: 'tone', ...f1 }));
    expect(Math.abs(f1.pictureMs - f1.positionMs)).toBeLessThan(FRAME_MS);
    expect(Math.abs(f1.positionMs - toneMs)).toBeLessThan(FRAME_MS);
    expect(f1.luma > 200).toBe(brightAt(f1.positionMs));
    for (const track of ['cam2', 'screen']) {
      const f = await tileFrame(page, track);
      expect(Math.abs(f.pictureMs - f.positionMs), track).toBeLessThan(FRAME_MS);
    }


    // 5 s back (another file), then 5 s forward: the same frame again, in sync.
    await unfocus(page);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => position(page)).toBe(at - 5000);
    const f2 = await tileFrame(page, 'cam1');
    expect(Math.abs(f2.pictureMs - f2.positionMs)).toBeLessThan(FRAME_MS);
    expect(f2.file).not.toBe(f1.file);
    expect(f2.luma > 200).toBe(brightAt(f2.positionMs));
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => position(page)).toBe(at);
    const f3 = await tileFrame(page, 'cam1');
    expect(Math.abs(f3.pictureMs - f3.positionMs)).toBeLessThan(FRAME_MS);
    expect(f3.file).toBe(f1.file);
    expect(f3.luma > 200).toBe(brightAt(f3.positionMs));

    // Playing through the flash: its first frame is presented when the audio is at it (within a frame).
    await seekTo(page, flashMs - 1500, total);
    await unfocus(page);
    await page.keyboard.press('Space');
    await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'playing');
    const presented = await presentedFrames(page, 'cam1', 2500);
    await page.keyboard.press('Space');
    // Each frame presented is the recorded one at its moment (white where the file is white), shown while the audio is at it.
    const first = presented.find((p) => p.luma > 200);
    const lag = presented.map((p) => p.audioMs - p.frameMs).sort((a, b) => a - b);
    const median = lag[Math.floor(lag.length / 2)]!;
    console.log(JSON.stringify({ presented: presented.length, first, flashMs, lagMs: { min: Math.round(lag[0]!), median: Math.round(median), max: Math.round(lag[lag.length - 1]!) } }));
    expect(first, 'the flash was presented').toBeDefined();
    expect(first!.frameMs - flashMs).toBeGreaterThan(-1);
    expect(first!.frameMs - flashMs).toBeLessThan(FLASH_MS);
    for (const p of presented) expect(p.luma > 200, `frame at ${p.frameMs}`).toBe(brightAt(p.frameMs));
    expect(Math.abs(median)).toBeLessThan(FRAME_MS);
    expect(lag.filter((l) => Math.abs(l) < FRAME_MS).length / lag.length).toBeGreaterThanOrEqual(0.8);

    // Speeds: every tile within a frame of the audio once started, across the 5 s file boundaries.
    const speed = page.getByTestId('player-speed');
    for (const [rate, from] of [[1, 2500], [0.5, 3500], [2, 1000]] as const) {
      await speed.selectOption(String(rate));
      await seekTo(page, from, total);
      await unfocus(page);
      await page.keyboard.press('Space');
      await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'playing');
      const samples = await sampleDrift(page, 4000);
      await page.keyboard.press('Space');
      await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'paused');
      const stats = driftStats(samples, 1000);
      console.log(JSON.stringify({ rate, stats }));
      expect(Object.keys(stats).sort()).toEqual(['cam1', 'cam2', 'screen']);
      // Within a frame most of the time. On a quiet machine the median is 2–6 ms and 95–100 % of
      // samples are within a frame; on this shared 2-core machine under load (load average 10) a
      // starved moment (the page's timers 150 ms late, the audio's clock held up, frames dropped)
      // puts a picture a frame or two off until the nudges bring it back, never as far as a jump.
      for (const [track, st] of Object.entries(stats)) {
        expect(st.median, `${track} at ${rate}×: median drift`).toBeLessThan(FRAME_MS);
        expect(st.within, `${track} at ${rate}×: share of samples within a frame`).toBeGreaterThanOrEqual(0.75);
        expect(st.worstMs, `${track} at ${rate}×: worst drift`).toBeLessThan(JUMP_MS);
      }
    }
    await speed.selectOption('1');

    // A click on a tile makes it the large one; Enter on another too; on the large one, back to the grid.
    await tiles.nth(1).click();
    const view = page.getByTestId('video-tiles');
    await expect(view).toHaveAttribute('data-layout', 'focus');
    await expect(tiles.nth(1)).toHaveAttribute('aria-pressed', 'true');
    await tiles.nth(0).focus();
    await page.keyboard.press('Enter');
    await expect(tiles.nth(0)).toHaveAttribute('aria-pressed', 'true');
    await expect(tiles.nth(1)).toHaveAttribute('aria-pressed', 'false');
    await seekTo(page, flashMs + FLASH_MS / 2, total);
    await ok(page, 'settings', 'update', { patch: { language: 'ru' } });
    await expect(tiles.nth(2)).toContainText('Экран видеоконференции');
    await unfocus(page);
    await keepScreenshot(page, 'judge-video-ru');
    await ok(page, 'settings', 'update', { patch: { language: 'kk' } });
    await tiles.nth(0).click();
    await expect(view).toHaveAttribute('data-layout', 'grid');
    expect(errors).toEqual([]);
  } finally {
    room.kill();
    await browser.close();
  }
});

test('the tiles follow the session being played: a hearing whose recording was restarted has two sessions, each with its own camera files; a file a seal withholds shows the sealed notice to a secretary', async () => {
  test.skip(!!skip, String(skip));
  test.setTimeout(180_000);
  // Its own station: the fixture's would be the one restarted.
  const station = await startStation();
  const browser = await launchWithCamera(makeY4m(2, { frame: 30, frames: 6 }));
  let again: Station | null = null;
  try {
    const page = await (await browser.newContext({ viewport: COURTROOM_SCREEN })).newPage();
    await openStation(page, station);
    await configure(page, { cameras: [{ deviceId: '', width: 320, height: 240, role: 'judge' }], recordScreen: false, segmentSeconds: 5 });
    const hearing = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: CASE_TWO, judge: 'Ахметова А.' });
    await ok(page, 'protocol', 'startHearing', { hearingId: hearing.id });
    await waitForTracks(page, ['cam1']);
    await page.waitForTimeout(3000);
    await ok(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'note', text: 'Бірінші жазба' });
    // The core stops and starts again: the hearing's recording goes on in a new session.
    await page.goto('about:blank');
    again = await station.restart();
    await openStation(page, again);
    await ok(page, 'recording', 'start', { hearingId: hearing.id });
    await waitForTracks(page, ['cam1']);
    await page.waitForTimeout(3000);
    await ok(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'note', text: 'Екінші жазба' });
    await page.waitForTimeout(1000);
    await ok(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'closed' });
    const sessions = await ok<ReviewSession[]>(page, 'review', 'sessions', { hearingId: hearing.id });
    expect(sessions).toHaveLength(2);
    for (const s of sessions) expect(s.segments.some((x) => x.track === 'cam1'), s.sessionId).toBe(true);

    await page.keyboard.press('Alt+2');
    await page.getByTestId('judge-hearing').filter({ hasText: CASE_TWO }).click();
    const tabs = page.locator('.session-tabs [role="tab"]');
    await expect(tabs).toHaveCount(2);
    const tile = page.getByTestId('video-tile');
    await expect(tile).toHaveCount(1);
    // The camera's file as the tile has it loaded: of the session the player plays.
    const shownSession = () => page.evaluate(() => document.querySelector<HTMLVideoElement>('video[data-testid="tile-video"][data-active="true"]')?.getAttribute('src')?.match(/^\/media\/([^/]+)\//)?.[1] ?? null);
    const total = (i: number) => sessions[i]!.durationMs;
    for (const i of [1, 0]) {
      await tabs.nth(i).click();
      await expect(tabs.nth(i)).toHaveAttribute('aria-selected', 'true');
      await seekTo(page, total(i) / 2, total(i));
      await expect.poll(shownSession).toBe(sessions[i]!.sessionId);
      const f = await tileFrame(page, 'cam1');
      expect(Math.abs(f.pictureMs - f.positionMs), `session ${i + 1}`).toBeLessThan(FRAME_MS);
    }
    // An entry of the other session switches to it, and the tile with it.
    await page.getByTestId('review-entry').filter({ hasText: 'Екінші жазба' }).click();
    await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('review-player')).toHaveAttribute('data-state', 'playing');
    await expect.poll(shownSession).toBe(sessions[1]!.sessionId);
    await unfocus(page);
    await page.keyboard.press('Space');

    // The judge seals half a second inside session 2's first camera file: a secretary's tile shows
    // the sealed notice wherever that file runs (beyond the seal too), and the file is never loaded.
    const file = sessions[1]!.segments.find((x) => x.track === 'cam1')!;
    await ok(page, 'review', 'seal', { sessionId: sessions[1]!.sessionId, fromMs: Math.round(file.startMs + 200), toMs: Math.round(file.startMs + 700), reason: 'minor' });
    addPerson(again, SECRETARY);
    const sec = await page.context().newPage();
    const secErrors: string[] = [];
    sec.on('console', (m) => m.type() === 'error' && secErrors.push(m.text()));
    sec.on('pageerror', (e) => secErrors.push(e.message));
    await openStation(sec, again, SECRETARY);
    await sec.keyboard.press('Alt+2');
    await sec.getByTestId('judge-hearing').filter({ hasText: CASE_TWO }).click();
    await sec.locator('.session-tabs [role="tab"]').nth(1).click();
    const at = Math.min(file.startMs + 1200, file.startMs + file.durationMs - 100);
    await seekTo(sec, at, total(1));
    await expect(sec.getByTestId('video-tile')).toHaveAttribute('data-show', 'sealed');
    await expect(sec.getByTestId('tile-sealed')).toContainText('Мөрленген бөлік');
    const loaded = await sec.evaluate(() => Array.from(document.querySelectorAll<HTMLVideoElement>('video[data-testid="tile-video"]')).map((v) => v.getAttribute('src') ?? ''));
    expect(loaded.filter((u) => u.includes(`/${file.file}?`))).toEqual([]);
    expect(secErrors).toEqual([]);
  } finally {
    await browser.close();
    await stopStation(again ?? station);
  }
});
