import type { RoomTest } from '../../common/contract/recording';
import type { SyncPayload } from '../../common/sync-api';
import type { Db } from '../db/database';
import { enqueue } from '../sync/outbox';

// A room test as central learns it (room.test): the verdict and its reason codes, never the
// numbers' audio. The station does not know which hearing a test was run for: hearingId is null.
export function roomTestEvent(t: RoomTest): SyncPayload<'room.test'> {
  return { id: t.id, at: t.at, ready: t.ready, reasons: t.reasons.map((r) => r.code).slice(0, 50), hearingId: null };
}

/** Tells central of a finished room test, once, through the outbox (its own transaction: the result is a file). */
export function announceRoomTest(db: Db, t: RoomTest): void {
  db.transaction(() => enqueue(db, 'room.test', t.id, roomTestEvent(t)))();
}
