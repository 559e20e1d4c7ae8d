import { SyncEventSchema } from '../../common/sync-api';
import type { Db } from '../db/database';

// Central names a hearing by its schedule id (external_id) or, for an ad-hoc hearing, its uid;
// the station's recorder and UI name it by the protocol's local row id. The station told
// central both in the hearing's create event, so the outbox (sync's own table) is where the
// mapping is read: no query on another domain's tables. A local id never changes its names.

export function centralHearingNames(db: Db): (localId: string | null) => string | null {
  const known = new Map<string, string>();
  const createEvent = db.prepare<[string], { seq: number; kind: string; ref: string | null; payload: string; created_at: string }>(
    "SELECT seq, kind, ref, payload, created_at FROM outbox WHERE kind = 'protocol.hearing' AND ref = ? AND json_extract(payload, '$.op') = 'create' ORDER BY seq LIMIT 1",
  );
  return (localId) => {
    if (!localId || !/^\d+$/.test(localId)) return localId;
    const hit = known.get(localId);
    if (hit) return hit;
    const row = createEvent.get(localId);
    if (!row) return localId;
    const e = SyncEventSchema.safeParse({ seq: row.seq, kind: row.kind, ref: row.ref, payload: JSON.parse(row.payload), createdAt: row.created_at });
    if (!e.success || e.data.kind !== 'protocol.hearing' || e.data.payload.op !== 'create') return localId;
    const name = e.data.payload.external_id ?? e.data.payload.uid;
    known.set(localId, name);
    return name;
  };
}
