import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, openStation, test } from './support/station';
import { configure, ffprobeDuration, launchWithCamera, makeY4m, readManifest, startRecording, stopRecording, verifyCli, waitForTracks, VIDEO_TOOLS } from './support/video';
import { missingTools } from '../test/support/tools';

// Cameras and the screen recorded through `hattama serve` in Chromium, in step with the audio
// (the PulseAudio null sink "room" of the worker, see e2e/support/worker-pulse.ts).
const skip = process.env.HATTAMA_E2E_NO_AUDIO || missingTools(...VIDEO_TOOLS);
let browser: Browser | undefined;
test.afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

async function open(station: Parameters<typeof openStation>[1]): Promise<Page> {
  browser = await launchWithCamera(makeY4m(4));
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await openStation(page, station);
  await configure(page, { cameras: [{ deviceId: '', role: 'judge', width: 320, height: 240 }], recordScreen: true, segmentSeconds: 10 });
  return page;
}

test('20 s of audio, a camera and the screen: segments rotate with the audio, probe with durations, verify', async ({ station }) => {
  test.skip(!!skip, String(skip));
  const page = await open(station);
  const { folder } = await startRecording(page);
  await waitForTracks(page, ['cam1', 'screen']);
  await page.waitForTimeout(20_000);
  await stopRecording(page);

  const m = readManifest(station.dataDir, folder);
  const audio = m.durations.audio!;
  expect(audio).toBeGreaterThan(19);
  for (const track of ['cam1', 'screen']) {
    const segs = m.segments.filter((s) => s.track === track);
    // 10 s audio segments: the video rotated with them.
    expect(segs.length).toBeGreaterThanOrEqual(2);
    for (const s of segs) {
      const d = ffprobeDuration(path.join(station.dataDir, folder, s.file));
      expect(d).toBeGreaterThan(0.5);
      expect(Math.abs(d * 1000 - s.durationMs!)).toBeLessThan(100);
      expect(s.remuxed).toBe(true);
    }
    const first = segs[0]!;
    const last = segs[segs.length - 1]!;
    const covered = last.position! + last.durationMs! / 1000 - first.position!;
    const expected = audio - first.position!;
    expect(Math.abs(covered - expected) / expected).toBeLessThan(0.05);
    expect(m.tracks.find((t) => t.id === track)).toMatchObject({ kind: 'video' });
  }
  const v = verifyCli(path.join(station.dataDir, folder));
  expect(v.out).toContain('Intact');
  expect(v.code).toBe(0);
});

test('the page dies mid-recording: audio has no gap, video has a recorded gap and resumes', async ({ station }) => {
  test.skip(!!skip, String(skip));
  let page = await open(station);
  await configure(page, { recordScreen: false, segmentSeconds: 60 });
  const { folder } = await startRecording(page);
  await waitForTracks(page, ['cam1']);
  await page.waitForTimeout(3000);
  // Crash the renderer (Page.crash: the renderer process dies as it would on a real crash).
  const ctx = page.context();
  const cdp = await ctx.newCDPSession(page);
  const crashed = new Promise((r) => page.once('crash', r));
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  await new Promise((r) => setTimeout(r, 3000));
  void page.close().catch(() => undefined);
  page = await ctx.newPage();
  await openStation(page, station);
  await waitForTracks(page, ['cam1']);
  await page.waitForTimeout(3000);
  await stopRecording(page);

  const m = readManifest(station.dataDir, folder);
  // The audio never stopped: one segment, no gap.
  expect(m.timeline.filter((t) => t.type === 'gap' && !t.track)).toEqual([]);
  expect(m.segments.filter((s) => s.track === 'audio')).toHaveLength(1);
  const cams = m.segments.filter((s) => s.track === 'cam1');
  expect(cams.length).toBe(2);
  expect(cams[0]!.complete).toBe(false);
  expect(cams[1]!.complete).toBe(true);
  const gap = m.timeline.find((t) => t.type === 'gap' && t.track === 'cam1')!;
  expect(gap.reason).toBe('video-interrupted');
  expect(gap.gapMs).toBeGreaterThan(2000);
  // Where the gap sits on the timeline: after the first segment, before the second.
  expect(gap.position).toBeGreaterThan(cams[0]!.position!);
  expect(cams[1]!.position!).toBeGreaterThan(gap.position + 2);
  for (const s of cams) expect(ffprobeDuration(path.join(station.dataDir, folder, s.file))).toBeGreaterThan(1);
  expect(verifyCli(path.join(station.dataDir, folder)).code).toBe(0);
});

test('bad video input over the bridge is refused with clear errors; the recording stays intact', async ({ station }) => {
  test.skip(!!skip, String(skip));
  const page = await open(station);
  await configure(page, { recordScreen: false, segmentSeconds: 60, language: 'en' });
  const { sessionId, folder } = await startRecording(page);
  await waitForTracks(page, ['cam1']);
  const errors = await page.evaluate(async (sid) => {
    const h = (window as unknown as { hattama: { video: Record<string, (i: unknown) => Promise<{ ok: boolean; error?: { code: string; message: string } }>> } }).hattama.video;
    const opened = (await h.open!({ sessionId: sid, track: 'cam2', source: 'camera', role: 'witness', label: 'test', width: 320, height: 240, mimeType: 'video/webm;codecs=vp8', startedAt: Date.now(), sentAt: Date.now(), continues: null })) as unknown as { value: { run: number } };
    const run = opened.value.run;
    const big = 'A'.repeat(6 * 1024 * 1024);
    const out = [
      await h.chunk!({ sessionId: sid, track: 'cam2', run, seq: 5000, data: 'AAAA' }),
      await h.chunk!({ sessionId: sid, track: 'cam9', run, seq: 0, data: 'AAAA' }),
      await h.chunk!({ sessionId: sid, track: 'cam2', run: 999, seq: 0, data: 'AAAA' }),
      await h.chunk!({ sessionId: sid, track: 'cam2', run, seq: 0, data: big }),
      await h.chunk!({ sessionId: sid, track: 'cam2', run, seq: -1, data: 'AAAA' }),
      await h.chunk!({ sessionId: 'nope', track: 'cam2', run, seq: 0, data: 'AAAA' }),
    ];
    await h.close!({ sessionId: sid, track: 'cam2', run, lastSeq: -1 });
    return out.map((r) => (r.ok ? 'ok' : `${r.error!.code}: ${r.error!.message}`));
  }, sessionId);
  expect(errors[0]).toMatch(/^video\.badSequence: Wrong sequence number .*cam2, 5000 \(expected 0\)/);
  expect(errors[1]).toMatch(/^video\.unknownTrack: .*cam9/);
  expect(errors[2]).toMatch(/^video\.unknownTrack: .*run 999/);
  expect(errors[3]).toMatch(/^video\.chunkTooLarge: Video chunk too large: 4718592 bytes \(at most 4194304\)/);
  expect(errors[4]).toMatch(/^app\./);
  expect(errors[5]).toMatch(/^video\.wrongSession/);
  await page.waitForTimeout(2000);
  await stopRecording(page);
  const m = readManifest(station.dataDir, folder);
  expect(m.segments.filter((s) => s.track === 'cam1').length).toBe(1);
  expect(m.segments.filter((s) => s.track === 'cam2')).toEqual([]);
  expect(verifyCli(path.join(station.dataDir, folder)).code).toBe(0);
});
