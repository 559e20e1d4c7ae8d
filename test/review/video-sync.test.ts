import { describe, expect, it } from 'vitest';
import type { ReviewSegment } from '../../common/contract/review';
import { BRIDGE_MS, closedRanges, MAX_CATCH_UP, correction, DEADBAND_MS, driftMs, FRAME_MS, JUMP_MS, MAX_NUDGE, nextToPreload, overlapsClosed, tileAt, trackName, videoTracks } from '../../renderer/src/judge/video-sync';

// The video tiles' clock maths (renderer/src/judge/video-sync.ts): which file of a track and
// which moment in it a position of the session's timeline is, what is withheld by a seal, and
// how a drifting picture is brought back to the audio.

const seg = (track: string, index: number, startMs: number, durationMs: number, kind: 'audio' | 'video' = 'video'): ReviewSegment => ({
  track,
  kind,
  index,
  file: `${track}-${String(index).padStart(6, '0')}.${kind === 'audio' ? 'wav' : 'webm'}`,
  url: `/media/s/${track}-${index}`,
  startMs,
  durationMs,
  startedAt: '2026-12-01T10:00:00.000Z',
  bytes: 1,
  sha256: 'x',
  recovered: false,
});

// cam1: two files back to back with a rotation gap of 40 ms, then the camera lost for 3 s.
const cam1 = [seg('cam1', 1, 120, 4880), seg('cam1', 2, 5040, 4960), seg('cam1', 3, 13_000, 2000)];

describe('video tracks of a session', () => {
  it('lists the video tracks only: cameras by number, then the screen, each file in timeline order', () => {
    const segments = [seg('audio', 1, 0, 5000, 'audio'), seg('screen', 1, 300, 5000), seg('cam10', 1, 0, 100), seg('cam2', 2, 5000, 5000), seg('cam2', 1, 100, 4900), ...cam1];
    const tracks = videoTracks({ segments });
    expect(tracks.map((t) => t.track)).toEqual(['cam1', 'cam2', 'cam10', 'screen']);
    expect(tracks[1]!.segments.map((s) => s.index)).toEqual([1, 2]);
    expect(videoTracks({ segments: [seg('audio', 1, 0, 5000, 'audio')] })).toEqual([]);
  });

  it('names a camera by its number, the screen as the screen, anything else by its id', () => {
    expect(trackName('cam2')).toEqual({ kind: 'camera', n: 2 });
    expect(trackName('screen')).toEqual({ kind: 'screen' });
    expect(trackName('doc')).toEqual({ kind: 'other', track: 'doc' });
  });
});

describe('what a tile shows at a position', () => {
  it('the file holding the position, at position − start', () => {
    expect(tileAt(cam1, 120)).toEqual({ kind: 'picture', index: 0, offsetSec: 0, hold: false });
    const at = tileAt(cam1, 3456.5);
    expect(at).toMatchObject({ kind: 'picture', index: 0, hold: false });
    expect(at.kind === 'picture' && at.offsetSec).toBeCloseTo(3.3365, 6);
    expect(tileAt(cam1, 9999)).toMatchObject({ kind: 'picture', index: 1 });
    expect(tileAt(cam1, 14_999)).toMatchObject({ kind: 'picture', index: 2 });
  });

  it('files overlapping at a rotation: the later one takes over where it starts, from its first frame', () => {
    // As recorded: screen-000001 at 887 ms for 4702 ms, screen-000002 at 5302 ms.
    const screen = [seg('screen', 1, 887, 4702), seg('screen', 2, 5302, 5047)];
    expect(tileAt(screen, 5301)).toMatchObject({ kind: 'picture', index: 0 });
    expect(tileAt(screen, 5302)).toEqual({ kind: 'picture', index: 1, offsetSec: 0, hold: false });
    expect(tileAt(screen, 5500)).toMatchObject({ kind: 'picture', index: 1 });
  });

  it('at the boundary between two files: the next file from its first frame', () => {
    expect(tileAt(cam1, 5000)).toEqual({ kind: 'picture', index: 1, offsetSec: 0, hold: true });
    expect(tileAt(cam1, 5040)).toEqual({ kind: 'picture', index: 1, offsetSec: 0, hold: false });
  });

  it('"no signal" before the first file (beyond a short lead), in a long gap and after the last file', () => {
    // The camera started 120 ms after the audio: its first frame waits, no "no signal" flash.
    expect(tileAt(cam1, 0)).toEqual({ kind: 'picture', index: 0, offsetSec: 0, hold: true });
    expect(tileAt([seg('cam1', 1, 1000, 1000)], 1000 - BRIDGE_MS - 1)).toEqual({ kind: 'none' });
    expect(tileAt(cam1, 11_000)).toEqual({ kind: 'none' });
    // The last file's start is close, but the gap it closes is long: it is a new run, not a rotation.
    expect(tileAt(cam1, 12_900)).toEqual({ kind: 'none' });
    expect(tileAt(cam1, 15_000)).toEqual({ kind: 'none' });
    expect(tileAt([], 10)).toEqual({ kind: 'none' });
  });

  it('a file overlapping a range this viewer may not see is withheld whole: the sealed notice, never preloaded', () => {
    const closed = closedRanges([
      { fromMs: 6000, toMs: 7000, by: null },
      { fromMs: 0, toMs: 100_000, by: 'Судья' },
    ]);
    expect(closed).toEqual([{ fromMs: 6000, toMs: 7000 }]);
    expect(overlapsClosed(cam1[1]!, closed)).toBe(true);
    expect(overlapsClosed(cam1[0]!, closed)).toBe(false);
    // Outside the sealed range but in the same file: still withheld.
    expect(tileAt(cam1, 5500, closed)).toEqual({ kind: 'sealed', index: 1 });
    expect(tileAt(cam1, 6500, closed)).toEqual({ kind: 'sealed', index: 1 });
    expect(tileAt(cam1, 5010, closed)).toEqual({ kind: 'none' });
    expect(tileAt(cam1, 4000, closed)).toMatchObject({ kind: 'picture', index: 0 });
    expect(nextToPreload(cam1, 0, closed)).toBeNull();
    expect(nextToPreload(cam1, 0)).toBe(1);
    expect(nextToPreload(cam1, 2)).toBeNull();
    // A judge is told who sealed: nothing is closed to them.
    expect(tileAt(cam1, 6500, closedRanges([{ fromMs: 6000, toMs: 7000, by: 'Судья' }]))).toMatchObject({ kind: 'picture', index: 1 });
  });
});

describe('keeping a playing picture with the audio', () => {
  it('plays at the player’s speed while within the dead band', () => {
    expect(correction(2.004, 2, 1)).toEqual({ kind: 'hold', playbackRate: 1 });
    expect(correction(1.994, 2, 2)).toEqual({ kind: 'hold', playbackRate: 2 });
    expect(DEADBAND_MS).toBeLessThan(FRAME_MS / 2);
  });

  it('a picture ahead is slowed, one behind is sped up, in proportion and within the bound', () => {
    const ahead = correction(2.03, 2, 1);
    expect(ahead.kind).toBe('nudge');
    expect(ahead.playbackRate).toBeCloseTo(0.75, 6);
    const behind = correction(1.97, 2, 1);
    expect(behind.playbackRate).toBeCloseTo(1.25, 6);
    // The same drift at half speed is shed as fast (0.25 s a second): a larger share of the rate.
    expect(correction(1.97, 2, 0.5).playbackRate).toBeCloseTo(0.75, 6);
    expect(correction(2.3, 2, 1).playbackRate).toBeCloseTo(1 - MAX_NUDGE, 6);
    expect(correction(2.3, 2, 2).playbackRate).toBeCloseTo(2 * (1 - MAX_NUDGE), 6);
    // Behind by 300 ms (a start after a slow seek): up to twice the rate, so it is back within half a second.
    expect(correction(1.7, 2, 1).playbackRate).toBeCloseTo(1 + MAX_CATCH_UP, 6);
    expect(correction(1.7, 2, 2).playbackRate).toBeCloseTo(2 * (1 + MAX_CATCH_UP), 6);
  });

  it('a nudge closes a drift of two frames within half a second at any speed', () => {
    for (const rate of [0.5, 1, 2]) {
      // Simulate: the audio runs at `rate`, the picture at the nudged rate, corrected every 40 ms.
      let video = 2 + (2 * FRAME_MS) / 1000;
      let audio = 2;
      let t = 0;
      while (Math.abs(driftMs(video, 0, audio * 1000)) > DEADBAND_MS && t < 2) {
        const c = correction(video, audio, rate);
        video += c.playbackRate * 0.04;
        audio += rate * 0.04;
        t += 0.04;
      }
      expect(t, `rate ${rate}`).toBeLessThan(0.5);
    }
  });

  it('a drift beyond the jump threshold is a seek to the target', () => {
    expect(correction(5, 2, 1)).toEqual({ kind: 'jump', playbackRate: 1, currentTime: 2 });
    expect(correction(2 - (JUMP_MS + 1) / 1000, 2, 0.5)).toMatchObject({ kind: 'jump', currentTime: 2 });
  });

  it('drift is the picture’s place on the timeline against the audio’s', () => {
    expect(driftMs(1.5, 5040, 6500)).toBeCloseTo(40, 9);
    expect(driftMs(1.5, 5040, 6560)).toBeCloseTo(-20, 9);
  });
});
