import type { CameraVerdict } from '../../common/contract/recording';
import { ROOM_TEST } from './thresholds';

// A camera's verdict from decoded frames (8-bit luma, width × height each): no frames at all is
// `noSignal`; frames smaller than the configured size `lowResolution`; a dark picture `black`; a
// picture that does not change between frames `frozen` (a still image, a hung driver); else `ok`.

export interface LumaFrame {
  width: number;
  height: number;
  /** width × height bytes, 0..255. */
  luma: Uint8Array;
}

export interface CameraJudgement {
  verdict: CameraVerdict;
  width: number;
  height: number;
  meanLuma: number;
  motion: number;
}

function mean(f: LumaFrame): number {
  let s = 0;
  for (let i = 0; i < f.luma.length; i++) s += f.luma[i]!;
  return f.luma.length ? s / f.luma.length : 0;
}

function change(a: LumaFrame, b: LumaFrame): number {
  const n = Math.min(a.luma.length, b.luma.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(a.luma[i]! - b.luma[i]!);
  return n ? s / n : 0;
}

export function cameraVerdict(frames: readonly LumaFrame[], want: { width: number; height: number }, t = ROOM_TEST): CameraJudgement {
  if (!frames.length) return { verdict: 'noSignal', width: 0, height: 0, meanLuma: 0, motion: 0 };
  const { width, height } = frames[0]!;
  const meanLuma = frames.reduce((s, f) => s + mean(f), 0) / frames.length;
  let motion = 0;
  for (let i = 1; i < frames.length; i++) motion = Math.max(motion, change(frames[i - 1]!, frames[i]!));
  const round = (n: number) => Math.round(n * 100) / 100;
  const out = { width, height, meanLuma: round(meanLuma), motion: round(motion) };
  if (width < want.width || height < want.height) return { verdict: 'lowResolution', ...out };
  if (meanLuma <= t.blackLuma) return { verdict: 'black', ...out };
  if (frames.length > 1 && motion < t.frozenMotion) return { verdict: 'frozen', ...out };
  return { verdict: 'ok', ...out };
}
