import type { SyncPayload } from '../../common/sync-api';
import type { Db } from '../db/database';
import { enqueue } from '../sync/outbox';

/** Tells central of a privacy mute or its end, once, through the outbox (recording.mute; the Situation Center shows it on the room's page). */
export function announcePrivacyMute(db: Db, event: SyncPayload<'recording.mute'>): void {
  db.transaction(() => enqueue(db, 'recording.mute', String(event.hearing_id), event))();
}
