import type { CentralDb } from './schema';
import { CentralError, nowIso } from './errors';
import type { Evidence, FlagKind, RoomView } from './situation-rules';

// The flags over time: a finding opens a flag (once, whichever central process sees it first),
// the flag stays open while the finding holds and is cleared when it no longer does; a damaged
// session's flag never clears by itself. A supervisor acknowledges an open flag: who and when
// are written on the flag and in the Situation Center's audit, in one transaction.

export interface FlagRow {
  id: number;
  stationId: string;
  kind: FlagKind;
  hearingId: string | null;
  openedAt: string;
  clearedAt: string | null;
  evidence: Evidence;
  ackedBy: string | null;
  ackedAt: string | null;
}

type Row = { id: number; station_id: string; kind: string; flag_key: string; hearing_id: string | null; opened_at: string; cleared_at: string | null; evidence: string; acked_by: string | null; acked_at: string | null };
const out = (r: Row): FlagRow => ({
  id: Number(r.id),
  stationId: r.station_id,
  kind: r.kind as FlagKind,
  hearingId: r.hearing_id,
  openedAt: r.opened_at,
  clearedAt: r.cleared_at,
  evidence: JSON.parse(r.evidence) as Evidence,
  ackedBy: r.acked_by,
  ackedAt: r.acked_at,
});

/** Opens what is newly found, clears what no longer is. Returns the stations whose open flags changed. */
export async function reconcileFlags(db: CentralDb, rooms: RoomView[], now = Date.now()): Promise<Set<string>> {
  const open = await db.selectFrom('flags').select(['id', 'station_id', 'kind', 'flag_key']).where('cleared_at', 'is', null).execute();
  const held = new Map(open.map((f) => [`${f.station_id}\n${f.flag_key}`, f]));
  const at = new Date(now).toISOString();
  const changed = new Set<string>();
  const fresh: Array<{ station_id: string; kind: string; flag_key: string; hearing_id: string | null; opened_at: string; cleared_at: null; evidence: string; acked_by: null; acked_at: null }> = [];
  for (const r of rooms) {
    for (const f of r.findings) {
      const k = `${r.stationId}\n${f.key}`;
      if (held.delete(k)) continue;
      fresh.push({ station_id: r.stationId, kind: f.kind, flag_key: f.key, hearing_id: f.hearingId, opened_at: at, cleared_at: null, evidence: JSON.stringify(f.evidence), acked_by: null, acked_at: null });
      changed.add(r.stationId);
    }
  }
  for (let i = 0; i < fresh.length; i += 200) await db.insertInto('flags').values(fresh.slice(i, i + 200)).onConflict((oc) => oc.doNothing()).execute();
  // Left in `held`: open flags nothing found now (a revoked station's too: it is no longer watched).
  const gone = [...held.values()].filter((f) => f.kind !== 'damaged');
  for (let i = 0; i < gone.length; i += 500) {
    await db
      .updateTable('flags')
      .set({ cleared_at: at })
      .where('id', 'in', gone.slice(i, i + 500).map((f) => f.id))
      .where('cleared_at', 'is', null)
      .execute();
  }
  for (const f of gone) changed.add(f.station_id);
  return changed;
}

export async function openFlags(db: CentralDb): Promise<Map<string, FlagRow[]>> {
  const rows = await db.selectFrom('flags').selectAll().where('cleared_at', 'is', null).orderBy('id').execute();
  const by = new Map<string, FlagRow[]>();
  for (const r of rows) (by.get(r.station_id) ?? by.set(r.station_id, []).get(r.station_id)!).push(out(r as Row));
  return by;
}

/** A room's flags opened since `since` (open or not), newest first. */
export async function flagHistory(db: CentralDb, stationId: string, since: string, limit = 200): Promise<FlagRow[]> {
  const rows = await db.selectFrom('flags').selectAll().where('station_id', '=', stationId).where((eb) => eb.or([eb('opened_at', '>=', since), eb('cleared_at', 'is', null)])).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => out(r as Row));
}

export interface Actor {
  login: string;
  role: string;
}

export async function audit(db: CentralDb, who: Actor, action: string, target: string, detail: unknown = {}): Promise<void> {
  await db.insertInto('supervisor_audit').values({ at: nowIso(), login: who.login, role: who.role, action, target, detail: JSON.stringify(detail) }).execute();
}

/** Acknowledges an open flag; the acknowledgement and its audit row are one transaction. Returns the flag's station. */
export async function acknowledgeFlag(db: CentralDb, id: number, who: Actor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const f = await trx.selectFrom('flags').select(['station_id', 'kind', 'acked_at', 'hearing_id']).where('id', '=', id).executeTakeFirst();
    if (!f) throw new CentralError(404, 'not_found', `no flag ${id}`);
    if (f.acked_at) return f.station_id;
    const at = nowIso();
    await trx.updateTable('flags').set({ acked_by: who.login, acked_at: at }).where('id', '=', id).where('acked_at', 'is', null).execute();
    await trx
      .insertInto('supervisor_audit')
      .values({ at, login: who.login, role: who.role, action: 'flag.ack', target: `flag:${id}`, detail: JSON.stringify({ stationId: f.station_id, kind: f.kind, hearingId: f.hearing_id }) })
      .execute();
    return f.station_id;
  });
}

export interface AuditRow {
  id: number;
  at: string;
  login: string;
  role: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

export async function auditRows(db: CentralDb, limit = 500): Promise<AuditRow[]> {
  const rows = await db.selectFrom('supervisor_audit').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: Number(r.id), at: r.at, login: r.login, role: r.role, action: r.action, target: r.target, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
