import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../common/contract/recording';
import { mutedSpans } from '../../renderer/src/judge/muted-spans';

// The judge's timeline draws each privacy mute from its mark to the channel's unmute, by the
// marks' sample frames (not their rounded positions), and one still open at the end to the end.
const at = '2026-12-01T10:00:00.000Z';
const mark = (type: TimelineEntry['type'], position: number, extra: Partial<TimelineEntry> = {}): TimelineEntry => ({ type, at, position, ...extra });

describe('muted spans', () => {
  it('pairs each mute with its channel’s unmute, by frame; an open one runs to the end', () => {
    const timeline = [
      mark('start', 0),
      mark('mute', 2, { channel: 3, role: 'defence', frame: 96_012, by: 'Әбенова С.' }),
      mark('mute', 3, { channel: 5, role: 'secretary', frame: 144_000 }),
      mark('unmute', 6, { channel: 3, role: 'defence', frame: 288_024 }),
      mark('mute', 8, { channel: 3, role: 'defence', frame: 384_000 }),
      mark('pause', 9, { reason: 'recess' }),
    ];
    expect(mutedSpans({ timeline, sampleRate: 48_000, durationMs: 10_000 })).toEqual([
      { channel: 3, role: 'defence', fromMs: 2000.25, toMs: 6000.5, by: 'Әбенова С.' },
      { channel: 5, role: 'secretary', fromMs: 3000, toMs: 10_000, by: null },
      { channel: 3, role: 'defence', fromMs: 8000, toMs: 10_000, by: null },
    ]);
  });

  it('ignores an unmute without a mute and a second mute of a muted channel; falls back to positions', () => {
    const timeline = [mark('unmute', 1, { channel: 2 }), mark('mute', 2, { channel: 2 }), mark('mute', 3, { channel: 2 }), mark('unmute', 4.5, { channel: 2 })];
    expect(mutedSpans({ timeline, sampleRate: null, durationMs: 9000 })).toEqual([{ channel: 2, role: '', fromMs: 2000, toMs: 4500, by: null }]);
  });
});
