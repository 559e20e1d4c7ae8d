import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import type { Manifest } from '../../main/evidence/manifest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

// Video end to end: Debian's Chromium with a fake camera fed by a y4m file made at test time
// (small, to keep the 2-core machine free), and its fake screen for getDisplayMedia.

const repo = path.resolve(import.meta.dirname, '../..');
export const VIDEO_TOOLS = ['ffmpeg', 'ffprobe'];


/** testsrc at 320x240, 30 fps, `seconds` long (Chromium loops it); optional white flash frames. */
export function makeY4m(seconds: number, flash?: { frame: number; frames: number }): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-y4m-')), 'cam.y4m');
  const vf = flash ? ['-vf', `drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='between(n,${flash.frame},${flash.frame + flash.frames - 1})'`] : [];
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=30:duration=${seconds}`, ...vf, '-pix_fmt', 'yuv420p', out]);
  return out;
}

export function launchWithCamera(y4m: string): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${y4m}`] });
}

type Api = {
  hattama: {
    settings: { update(i: unknown): Promise<{ ok: boolean; error?: unknown }> };
    recording: { start(i: unknown): Promise<{ ok: boolean; value?: { sessionId: string; folder: string } }>; stop(i: unknown): Promise<{ ok: boolean }> };
    video: { status(i: unknown): Promise<{ ok: boolean; value: { tracks: Array<{ track: string; state: string; bytes: number; segments: number }> } }> };
  };
};

export async function configure(page: Page, patch: Record<string, unknown>): Promise<void> {
  const r = await page.evaluate((p) => (window as unknown as Api).hattama.settings.update({ patch: p }), patch);
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
}

export async function startRecording(page: Page): Promise<{ sessionId: string; folder: string }> {
  const r = await page.evaluate(() => (window as unknown as Api).hattama.recording.start({}));
  expect(r.ok).toBe(true);
  return r.value!;
}

export async function stopRecording(page: Page): Promise<void> {
  const r = await page.evaluate(() => (window as unknown as Api).hattama.recording.stop({}));
  expect(r.ok).toBe(true);
}

/** Waits until the core has received bytes on every named track. */
export async function waitForTracks(page: Page, tracks: string[], timeout = 20_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const r = await page.evaluate(() => (window as unknown as Api).hattama.video.status({}));
        return tracks.every((t) => r.value.tracks.some((x) => x.track === t && x.bytes > 0 && x.state === 'recording'));
      },
      { timeout },
    )
    .toBe(true);
}

export function readManifest(dataDir: string, folder: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(dataDir, folder, 'manifest.json'), 'utf8')) as Manifest;
}

export function verifyCli(dir: string): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, [path.join(repo, 'bin/hattama.js'), 'verify', dir, '--lang', 'en'], { cwd: repo, encoding: 'utf8' });
    return { code: 0, out };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: `${x.stdout}${x.stderr}` };
  }
}

export function ffprobeDuration(file: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
}

/** Mean luma of each decoded frame with its presentation time (seconds). */
export function frameLuma(file: string): Array<{ t: number; y: number }> {
  const out = execFileSync('ffprobe', ['-v', 'error', '-f', 'lavfi', '-i', `movie=${file},signalstats`, '-show_entries', 'frame=pts_time,best_effort_timestamp_time:frame_tags=lavfi.signalstats.YAVG', '-of', 'csv=p=0'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out
    .trim()
    .split('\n')
    .map((l) => l.split(','))
    .map((p) => ({ t: Number(p[0] === 'N/A' ? p[1] : p[0]), y: Number(p[p.length - 1]) }))
    .filter((f) => Number.isFinite(f.t) && Number.isFinite(f.y));
}
