import type { RoomTest } from '../../common/contract/recording';
import { newRoomTestId, writeResult, writeTestAudio } from '../../main/roomcheck/room-test-store';

// A room test on a test station, written by the room test's own store (its audio and its result
// file), so that a hearing opens there as on a room the technician has checked. Tests that are not
// about the gate get a passed one where their station is made; the gate's own tests pick the
// time (`at`) and the verdict.

export function recordRoomTest(dataDir: string, o: { at?: Date; ready?: boolean; by?: string } = {}): RoomTest {
  const id = newRoomTestId();
  const ready = o.ready ?? true;
  const folder = writeTestAudio(dataDir, id, Buffer.alloc(4800 * 2), { channels: 1, sampleRate: 48000 });
  const result: RoomTest = {
    id,
    at: (o.at ?? new Date()).toISOString(),
    folder,
    device: 'default',
    sampleRate: 48000,
    seconds: 0.1,
    microphones: [],
    cameras: [],
    camerasChecked: false,
    diskHours: 100,
    syncBacklog: { events: 0, segments: 0, bytes: 0 },
    clockOffsetMs: null,
    ready,
    reasons: ready ? [] : [{ code: 'diskUnknown', params: {}, text: 'disk unknown' }],
    notes: [],
    ...(o.by ? { by: o.by } : {}),
  };
  writeResult(dataDir, result);
  return result;
}

/** A passed room test, just now: the station may open hearings for settings.check.validHours. */
export function recordPassedRoomTest(dataDir: string): RoomTest {
  return recordRoomTest(dataDir, { ready: true, by: 'Техник' });
}
