import type { SyncPayload } from '../common/sync-api';
import type { CentralDb } from './db';
import { recordActivity, type Activity } from './hearing-activity';

// Protocol entries (the bulk of what stations push) as typed rows, a run of consecutive entries
// at a time: one multi-row insert for the entries, one for their first revisions, one read of
// their hearings and one update per hearing, instead of four round trips per entry. The result is
// the one applying the entries one by one in seq order gives: the first row of a uid wins (as
// ON CONFLICT DO NOTHING one at a time), the hearing takes the last entry's status, the first
// 'opened' sets the actual start (when none is set), the last 'closed' the actual end.

type EntryPayload = SyncPayload<'protocol.entry'>;

/** Rows per statement: well under SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 200;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** Records entries of one station, in seq order, inside the batch's transaction. */
export async function recordEntries(db: CentralDb, stationId: string, entries: EntryPayload[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((p) => ({
    station_id: stationId,
    entry_uid: p.uid,
    local_id: p.id,
    hearing_uid: p.hearingUid,
    kind: p.kind,
    started_at: p.started_at,
    created_at: p.created_at,
    recording_ms: p.recording_ms,
    recording_session: p.recording_session,
    author: p.author,
    addendum: p.addendum,
    exhibit_number: p.exhibit?.number ?? null,
  }));
  for (const c of chunks(rows)) await db.insertInto('protocol_entries').values(c).onConflict((oc) => oc.columns(['station_id', 'entry_uid']).doNothing()).execute();
  const revisions = entries.map(({ uid, revision: r }) => ({
    station_id: stationId,
    entry_uid: uid,
    rev: r.rev,
    op: 'entry.add',
    text: r.text,
    speaker: r.speaker,
    speaker_id: r.speaker_id,
    deleted: r.deleted,
    reason: r.reason,
    author: r.author,
    created_at: r.created_at,
    addendum: r.addendum,
    kind: r.kind ?? null,
  }));
  for (const c of chunks(revisions)) await db.insertInto('protocol_revisions').values(c).onConflict((oc) => oc.columns(['station_id', 'entry_uid', 'rev']).doNothing()).execute();

  const byHearing = new Map<string, EntryPayload[]>();
  for (const p of entries) (byHearing.get(p.hearingUid) ?? byHearing.set(p.hearingUid, []).get(p.hearingUid)!).push(p);
  const held = await db.selectFrom('protocol_hearings').select(['hearing_uid', 'external_id', 'actual_start']).where('station_id', '=', stationId).where('hearing_uid', 'in', [...byHearing.keys()]).execute();
  const hearings = new Map(held.map((h) => [h.hearing_uid, h]));
  for (const [uid, list] of byHearing) {
    const h = hearings.get(uid);
    const last = list[list.length - 1]!;
    const opened = list.find((p) => p.kind === 'opened');
    const closed = list.filter((p) => p.kind === 'closed').pop();
    // The station's rules: 'opened' sets the actual start (once), 'closed' the actual end.
    if (h) {
      const set: { status: string; updated_at: string; actual_start?: string; actual_end?: string } = { status: last.hearingStatus, updated_at: last.created_at };
      if (opened && !h.actual_start) set.actual_start = opened.started_at;
      if (closed) set.actual_end = closed.started_at;
      await db.updateTable('protocol_hearings').set(set).where('station_id', '=', stationId).where('hearing_uid', '=', uid).execute();
    }
    // recordActivity keeps the earliest start, the latest close given and whether anything was recorded.
    const starts = list.filter((p) => p.kind === 'opened').map((p) => p.started_at);
    const a: Activity = {
      ...(starts.length ? { startedAt: starts.reduce((x, y) => (Date.parse(y) < Date.parse(x) ? y : x)) } : {}),
      ...(closed ? { closedAt: closed.started_at } : {}),
      ...(list.some((p) => p.recording_session !== null) ? { recorded: true } : {}),
    };
    if (Object.keys(a).length) await recordActivity(db, stationId, h?.external_id ?? uid, a);
  }
}
