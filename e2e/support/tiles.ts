import type { Page } from '@playwright/test';

// Reading the judge's video tiles in the page: the frame a tile shows (its place on the
// session's timeline and its brightness, drawn to a canvas), the drift of every tile against the
// audio while the player plays, and the frames presented (requestVideoFrameCallback), each with
// the audio clock at that moment. The audio clock is the playing <audio> of the player
// (data-start-ms + currentTime), as review-player.ts computes it.

export interface TileFrame {
  track: string;
  file: string;
  /** Where the shown frame's moment is on the session's timeline (file start + currentTime). */
  pictureMs: number;
  /** The player's clock. */
  positionMs: number;
  /** Mean of R, G and B over the frame, 0–255. */
  luma: number;
}

/** The frame a paused tile shows once its seek has settled (the same currentTime twice, 60 ms apart). */
export function tileFrame(page: Page, track: string): Promise<TileFrame> {
  return page.evaluate(async (track) => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const active = () => document.querySelector<HTMLVideoElement>(`video[data-testid="tile-video"][data-track="${track}"][data-active="true"]`);
    let last = -1;
    for (let i = 0; i < 100; i++) {
      const el = active();
      if (el && !el.seeking && el.readyState >= 2 && el.paused) {
        if (el.currentTime === last) break;
        last = el.currentTime;
      }
      await sleep(60);
    }
    const el = active();
    if (!el) throw new Error(`no active video in the ${track} tile`);
    const c = document.createElement('canvas');
    c.width = 32;
    c.height = 24;
    const g = c.getContext('2d', { willReadFrequently: true })!;
    g.drawImage(el, 0, 0, 32, 24);
    const d = g.getImageData(0, 0, 32, 24).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += d[i]! + d[i + 1]! + d[i + 2]!;
    return {
      track,
      file: el.dataset.file ?? '',
      pictureMs: Number(el.dataset.startMs) + el.currentTime * 1000,
      positionMs: Number(document.querySelector('[data-testid="player-position"]')?.getAttribute('data-ms')),
      luma: sum / (d.length / 4) / 3,
    };
  }, track);
}

export interface DriftSample {
  track: string;
  /** ms since sampling started. */
  t: number;
  driftMs: number;
}

/** Every 20 ms for `ms`: each playing tile's picture against the playing audio (positive: picture ahead). */
export function sampleDrift(page: Page, ms: number): Promise<DriftSample[]> {
  return page.evaluate(async (ms) => {
    const out: Array<{ track: string; t: number; driftMs: number }> = [];
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const id = setInterval(() => {
        const t = performance.now() - t0;
        if (t > ms) {
          clearInterval(id);
          resolve();
          return;
        }
        const audio = Array.from(document.querySelectorAll<HTMLAudioElement>('audio[data-testid="review-audio"]')).find((a) => !a.paused && !a.seeking);
        if (!audio) return;
        const at = Number(audio.dataset.startMs) + audio.currentTime * 1000;
        for (const v of document.querySelectorAll<HTMLVideoElement>('video[data-testid="tile-video"][data-active="true"]')) {
          if (v.paused || v.seeking || v.readyState < 2) continue;
          out.push({ track: v.dataset.track ?? '', t, driftMs: Number(v.dataset.startMs) + v.currentTime * 1000 - at });
        }
      }, 20);
    });
    return out;
  }, ms);
}

export interface PresentedFrame {
  file: string;
  /** The presented frame's moment on the session's timeline (file start + mediaTime). */
  frameMs: number;
  /** The audio clock when the frame was presented (interpolated to expectedDisplayTime). */
  audioMs: number;
  luma: number;
}

/** The frames the active video of `track`'s tile presents for `ms` (requestVideoFrameCallback), drawn to a canvas. */
export function presentedFrames(page: Page, track: string, ms: number): Promise<PresentedFrame[]> {
  return page.evaluate(
    async ([track, ms]) => {
      const out: Array<{ file: string; frameMs: number; audioMs: number; luma: number }> = [];
      const c = document.createElement('canvas');
      c.width = 32;
      c.height = 24;
      const g = c.getContext('2d', { willReadFrequently: true })!;
      const audioNow = () => {
        const a = Array.from(document.querySelectorAll<HTMLAudioElement>('audio[data-testid="review-audio"]')).find((x) => !x.paused);
        return a ? { ms: Number(a.dataset.startMs) + a.currentTime * 1000, rate: a.playbackRate } : null;
      };
      const els = Array.from(document.querySelectorAll<HTMLVideoElement>(`video[data-testid="tile-video"][data-track="${track}"]`));
      let done = false;
      for (const el of els) {
        const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
          if (done) return;
          const a = audioNow();
          if (el.dataset.active === 'true' && a) {
            g.drawImage(el, 0, 0, 32, 24);
            const d = g.getImageData(0, 0, 32, 24).data;
            let sum = 0;
            for (let i = 0; i < d.length; i += 4) sum += d[i]! + d[i + 1]! + d[i + 2]!;
            // The audio clock read now, moved to when the frame is shown.
            const audioMs = a.ms + (meta.expectedDisplayTime - performance.now()) * a.rate;
            out.push({ file: el.dataset.file ?? '', frameMs: Number(el.dataset.startMs) + meta.mediaTime * 1000, audioMs, luma: sum / (d.length / 4) / 3 });
          }
          el.requestVideoFrameCallback(onFrame);
        };
        el.requestVideoFrameCallback(onFrame);
      }
      await new Promise((r) => setTimeout(r, ms));
      done = true;
      return out;
    },
    [track, ms] as const,
  );
}
