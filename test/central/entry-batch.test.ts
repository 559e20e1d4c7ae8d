import { describe, expect, it } from 'vitest';
import { openCentralDb, type OpenedDb } from '../../central/db';
import { ingestEvents } from '../../central/event-ingest';
import { CentralError } from '../../central/errors';
import type { OutboxEvent } from '../../common/sync-api';
import { centralBackends } from '../support/central-backends';
import { closedAfterEach } from '../support/closed-after';
import { entryAdded, hearingCreated } from '../support/sync-events';
import { tempDir } from '../support/tools';

// A push records its run of protocol entries at once (central/entry-records.ts). What it leaves in
// the typed tables must be what the same events leave pushed one at a time: the first 'opened'
// sets the actual start, the last 'closed' the actual end, the last entry the status; the
// activity keeps the earliest start and whether anything was recorded. Retries stay exactly once.

const keep = closedAfterEach();
const backends = centralBackends('entry_batch');

async function central(database: string | undefined): Promise<OpenedDb> {
  const c = await openCentralDb({ dataDir: tempDir('hattama-central-'), databaseUrl: database });
  for (const id of ['st-batch', 'st-single'])
    await c.db.insertInto('stations').values({ station_id: id, court: 'Court', courtroom: 'Room', public_key: 'x', token_hash: 'x', enrolled_at: new Date().toISOString(), revoked_at: null, highest_seq: 0 }).execute();
  return c;
}

const t = (min: number) => new Date(Date.UTC(2026, 11, 2, 9, min)).toISOString();

function hearingEvents(): OutboxEvent[] {
  const h = { hearingId: 1, hearingUid: 'hearing-1' };
  return [
    hearingCreated(1, { id: 1, uid: 'hearing-1', externalId: 'ext-1', createdAt: t(0) }),
    entryAdded(2, { ...h, uid: 'e-2', kind: 'opened', startedAt: t(5), hearingStatus: 'in_progress' }),
    entryAdded(3, { ...h, uid: 'e-3', kind: 'note', startedAt: t(6), recordingSession: 'rs-1', hearingStatus: 'in_progress' }),
    entryAdded(4, { ...h, uid: 'e-4', kind: 'opened', startedAt: t(7), hearingStatus: 'in_progress' }),
    entryAdded(5, { ...h, uid: 'e-5', kind: 'closed', startedAt: t(8), hearingStatus: 'recess' }),
    entryAdded(6, { ...h, uid: 'e-6', kind: 'closed', startedAt: t(9), hearingStatus: 'closed' }),
    // The same uid again (a station re-announcing): the first row stands.
    entryAdded(7, { ...h, uid: 'e-3', kind: 'note', startedAt: t(10), text: 'not this one', hearingStatus: 'closed' }),
  ];
}

async function typed(c: OpenedDb, stationId: string) {
  const hearing = await c.db.selectFrom('protocol_hearings').select(['status', 'actual_start', 'actual_end', 'updated_at']).where('station_id', '=', stationId).execute();
  const entries = await c.db.selectFrom('protocol_entries').select(['entry_uid', 'kind', 'started_at', 'recording_session']).where('station_id', '=', stationId).orderBy('entry_uid').execute();
  const revisions = await c.db.selectFrom('protocol_revisions').select(['entry_uid', 'rev', 'text']).where('station_id', '=', stationId).orderBy('entry_uid').execute();
  const activity = await c.db.selectFrom('hearing_activity').select(['hearing_id', 'started_at', 'closed_at', 'recorded']).where('station_id', '=', stationId).execute();
  return { hearing, entries, revisions, activity };
}

describe.each(backends)('a batch of protocol entries ($name)', ({ database, skip }) => {
  it.skipIf(!!skip)('leaves what the same events pushed one at a time leave', async () => {
    const c = keep(await central(await database()));
    const events = hearingEvents();
    expect(await ingestEvents(c.db, c.kind, 'st-batch', events)).toEqual({ stored: 7, duplicates: 0, highestSeq: 7 });
    for (const e of events) await ingestEvents(c.db, c.kind, 'st-single', [e]);
    const batched = await typed(c, 'st-batch');
    expect(batched).toEqual(await typed(c, 'st-single'));
    expect(batched.hearing).toEqual([{ status: 'closed', actual_start: t(5), actual_end: t(9), updated_at: events[6]!.createdAt }]);
    expect(batched.activity).toEqual([{ hearing_id: 'ext-1', started_at: t(5), closed_at: t(9), recorded: 1 }]);
    expect(batched.revisions.find((r) => r.entry_uid === 'e-3')?.text).toBe('entry 3');
  });

  it.skipIf(!!skip)('a retry stores nothing twice; a seq held with other content refuses the whole batch', async () => {
    const c = keep(await central(await database()));
    const events = hearingEvents();
    await ingestEvents(c.db, c.kind, 'st-batch', events.slice(0, 4));
    expect(await ingestEvents(c.db, c.kind, 'st-batch', events)).toEqual({ stored: 3, duplicates: 4, highestSeq: 7 });
    const before = await typed(c, 'st-batch');
    const forged = [entryAdded(8, { hearingId: 1, hearingUid: 'hearing-1', uid: 'e-8' }), { ...events[2]!, payload: { ...events[2]!.payload, kind: 'closed' } } as OutboxEvent];
    const refused = await ingestEvents(c.db, c.kind, 'st-batch', forged).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CentralError);
    expect((refused as CentralError).status).toBe(409);
    expect(await typed(c, 'st-batch')).toEqual(before);
    const highest = await c.db.selectFrom('stations').select('highest_seq').where('station_id', '=', 'st-batch').executeTakeFirstOrThrow();
    expect(Number(highest.highest_seq)).toBe(7);
  });
});
