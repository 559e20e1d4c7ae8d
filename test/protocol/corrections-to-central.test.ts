import { afterEach, describe, expect, it } from 'vitest';
import { openCentralDb, type OpenedDb } from '../../central/db';
import { ingestEvents } from '../../central/event-ingest';
import type { Entry, Hearing, Participant } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { pending } from '../../main/sync/outbox';
import { tempDir } from '../support/tools';
import { ok, openCore } from './helpers';

// A corrected kind and a withdrawn roster line, as the station's outbox holds them, through
// central's ingest into its typed records.

let core: Core | undefined;
let central: OpenedDb | undefined;
afterEach(async () => {
  await core?.close();
  await central?.close();
  core = undefined;
  central = undefined;
});

async function push(c: Core, db: OpenedDb, stationId: string): Promise<void> {
  const rows = pending(c.db, 1000);
  await ingestEvents(db.db, db.kind, stationId, rows.map((r) => ({ seq: r.seq, kind: r.kind, ref: r.ref, payload: JSON.parse(r.payload) as unknown, createdAt: r.created_at })));
}

describe('corrections on central', () => {
  it('keeps the kind a revision corrects to, and the withdrawn line with its reason', async () => {
    const c = (core = await openCore());
    const db = (central = await openCentralDb({ dataDir: tempDir('hattama-central-') }));
    const stationId = 'st-corr-1';
    await db.db.insertInto('stations').values({ station_id: stationId, court: 'Court', courtroom: 'Room', public_key: 'x', token_hash: 'x', enrolled_at: new Date().toISOString(), revoked_at: null, highest_seq: 0 }).execute();

    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-73/2026' });
    const p = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Әлиев Марат', role: 'witness' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'opened' });
    const note = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'құқықтары түсіндірілді' });
    await ok(c, 'protocol.editEntry', { entryId: note.id, kind: 'rights_explained', reason: 'оқиға ретінде' });
    await ok(c, 'protocol.editEntry', { entryId: note.id, text: 'құқықтары мен міндеттері түсіндірілді' });
    const w = await ok<Participant>(c, 'protocol.withdrawParticipant', { participantId: p.id, reason: 'Қате енгізілді' });
    await push(c, db, stationId);

    const revs = await db.db.selectFrom('protocol_revisions').selectAll().where('station_id', '=', stationId).where('entry_uid', '=', note.uid).orderBy('rev').execute();
    expect(revs.map((r) => [r.rev, r.op, r.kind])).toEqual([[1, 'entry.add', null], [2, 'entry.edit', 'rights_explained'], [3, 'entry.edit', null]]);
    const line = await db.db.selectFrom('protocol_participants').selectAll().where('station_id', '=', stationId).where('local_id', '=', p.id).executeTakeFirstOrThrow();
    expect(line).toMatchObject({ name: 'Әлиев Марат', withdrawn_at: w.withdrawnAt, withdraw_reason: 'Қате енгізілді' });
  });
});
