import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cameraVerdict, type LumaFrame } from '../../main/roomcheck/camera-verdict';
import { decodeLumaFrames } from '../../main/roomcheck/frame-decode';
import { missingTools, tempDir } from '../support/tools';

// Camera verdicts over decoded frames: test videos made by ffmpeg (a black one, a still picture,
// a moving test pattern, a small one), decoded by the same decoder the room test uses.

const skip = missingTools('ffmpeg', 'ffprobe');
const want = { width: 1280, height: 720 };

function video(name: string, source: string, extra: string[] = []): string {
  const file = path.join(tempDir('hattama-cam-'), `${name}.mp4`);
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', source, '-t', '3', ...extra, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file]);
  return file;
}

describe('room test: camera verdicts', () => {
  it('no frames is no signal', () => {
    expect(cameraVerdict([], want).verdict).toBe('noSignal');
  });

  it('pure function: a dark, an unchanging, a small and a moving picture', () => {
    const frame = (w: number, h: number, f: (i: number) => number): LumaFrame => ({ width: w, height: h, luma: Uint8Array.from({ length: w * h }, (_, i) => f(i)) });
    const dark = [frame(1280, 720, () => 12), frame(1280, 720, () => 14)];
    const still = [frame(1280, 720, (i) => i % 200), frame(1280, 720, (i) => i % 200)];
    const moving = [frame(1280, 720, (i) => i % 200), frame(1280, 720, (i) => (i + 7) % 200)];
    expect(cameraVerdict(dark, want).verdict).toBe('black');
    expect(cameraVerdict(still, want).verdict).toBe('frozen');
    expect(cameraVerdict(moving, want).verdict).toBe('ok');
    expect(cameraVerdict([frame(640, 360, (i) => i % 200)], want).verdict).toBe('lowResolution');
  });

  it.skipIf(skip)('ffmpeg test videos: black is black, a still picture is frozen, a moving pattern is ok, 640x360 is low resolution', () => {
    const black = decodeLumaFrames(video('black', 'color=black:size=1280x720:rate=10'), { count: 5 });
    expect(black).toHaveLength(5);
    expect(cameraVerdict(black, want)).toMatchObject({ verdict: 'black', width: 1280, height: 720 });
    const still = decodeLumaFrames(video('still', 'testsrc2=size=1280x720:rate=10', ['-vf', 'select=eq(n\\,0),loop=loop=-1:size=1:start=0']), { count: 5 });
    expect(cameraVerdict(still, want).verdict).toBe('frozen');
    const moving = decodeLumaFrames(video('moving', 'testsrc2=size=1280x720:rate=10'), { count: 5 });
    expect(cameraVerdict(moving, want).verdict).toBe('ok');
    const small = decodeLumaFrames(video('small', 'testsrc2=size=640x360:rate=10'), { count: 3 });
    expect(cameraVerdict(small, want)).toMatchObject({ verdict: 'lowResolution', width: 640, height: 360 });
    expect(decodeLumaFrames(path.join(tempDir(), 'none.mp4'))).toEqual([]);
  });
});
