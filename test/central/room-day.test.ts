import { describe, expect, it } from 'vitest';
import { onRoomDay } from '../../central/sc-room-data';
import { clock } from '../../central/sc-i18n';

// The room's page at 00:08 in Astana: a hearing due at 23:53 and not opened is still late and
// stays on the page; one that was held and closed before midnight belongs to yesterday.
describe("the room's day across midnight", () => {
  const c = clock('Asia/Almaty');
  const now = Date.parse('2026-12-01T19:08:00.000Z'); // 00:08 on 2 December in Astana
  const today = c.dayKey(now);
  const isToday = (ms: number) => c.dayKey(ms) === today;

  it('keeps a hearing from before midnight that is not over, drops one closed yesterday', () => {
    const due = '2026-12-01T18:53:00.000Z'; // 23:53 on 1 December
    expect(onRoomDay({ startsAt: due, openedAt: null, closedAt: null }, now, isToday)).toBe(true);
    expect(onRoomDay({ startsAt: due, openedAt: '2026-12-01T18:55:00.000Z', closedAt: null }, now, isToday)).toBe(true);
    expect(onRoomDay({ startsAt: due, openedAt: '2026-12-01T18:55:00.000Z', closedAt: '2026-12-01T18:58:00.000Z' }, now, isToday)).toBe(false);
    // Ran past midnight: it is today's too.
    expect(onRoomDay({ startsAt: due, openedAt: '2026-12-01T18:55:00.000Z', closedAt: '2026-12-01T19:05:00.000Z' }, now, isToday)).toBe(true);
    // Yesterday morning's hearing never opened: over 12 hours ago, not carried over.
    expect(onRoomDay({ startsAt: '2026-12-01T04:00:00.000Z', openedAt: null, closedAt: null }, now, isToday)).toBe(false);
    // Tomorrow's is not on today's page; later today's is.
    expect(onRoomDay({ startsAt: '2026-12-02T19:30:00.000Z', openedAt: null, closedAt: null }, now, isToday)).toBe(false);
    expect(onRoomDay({ startsAt: '2026-12-02T04:00:00.000Z', openedAt: null, closedAt: null }, now, isToday)).toBe(true);
  });
});
