import { openCentralDb, type OpenedDb } from '../../central/db';
import { ingestEvents } from '../../central/event-ingest';
import type { Core } from '../../main/core/core';
import { pending } from '../../main/sync/outbox';
import { tempDir } from './tools';

// A station's outbox through central's own ingest, without HTTP in between: what a test checks is
// how central records the station's events, not how they travel (test/sync does that).

/** A fresh central database with one enrolled station. */
export async function centralWithStation(stationId: string, enrolledAt = new Date()): Promise<OpenedDb> {
  const central = await openCentralDb({ dataDir: tempDir('hattama-central-') });
  await central.db
    .insertInto('stations')
    .values({ station_id: stationId, court: 'Court', courtroom: 'Room', public_key: 'x', token_hash: 'x', enrolled_at: enrolledAt.toISOString(), revoked_at: null, highest_seq: 0 })
    .execute();
  return central;
}

/** Pushes everything the outbox holds; what central already has is a harmless retry. */
export async function pushOutbox(core: Core, central: OpenedDb, stationId: string): Promise<void> {
  const rows = pending(core.db, 1000);
  await ingestEvents(central.db, central.kind, stationId, rows.map((r) => ({ seq: r.seq, kind: r.kind, ref: r.ref, payload: JSON.parse(r.payload) as unknown, createdAt: r.created_at })));
}
