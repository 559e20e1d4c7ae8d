import { describe, expect, it } from 'vitest';
import type { Entry, Hearing, Participant } from '../../common/contract/protocol';
import { centralWithStation, pushOutbox } from '../support/outbox-central';
import { ok, openCore } from './helpers';
import { closedAfterEach } from '../support/closed-after';

// A corrected kind and a withdrawn roster line, as the station's outbox holds them, through
// central's ingest into its typed records.

const keep = closedAfterEach();

describe('corrections on central', () => {
  it('keeps the kind a revision corrects to, and the withdrawn line with its reason', async () => {
    const c = keep(await openCore());
    const stationId = 'st-corr-1';
    const db = keep(await centralWithStation(stationId));

    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-73/2026' });
    const p = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Әлиев Марат', role: 'witness' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'opened' });
    const note = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'құқықтары түсіндірілді' });
    await ok(c, 'protocol.editEntry', { entryId: note.id, kind: 'rights_explained', reason: 'оқиға ретінде' });
    await ok(c, 'protocol.editEntry', { entryId: note.id, text: 'құқықтары мен міндеттері түсіндірілді' });
    const w = await ok<Participant>(c, 'protocol.withdrawParticipant', { participantId: p.id, reason: 'Қате енгізілді' });
    await pushOutbox(c, db, stationId);

    const revs = await db.db.selectFrom('protocol_revisions').selectAll().where('station_id', '=', stationId).where('entry_uid', '=', note.uid).orderBy('rev').execute();
    expect(revs.map((r) => [r.rev, r.op, r.kind])).toEqual([[1, 'entry.add', null], [2, 'entry.edit', 'rights_explained'], [3, 'entry.edit', null]]);
    const line = await db.db.selectFrom('protocol_participants').selectAll().where('station_id', '=', stationId).where('local_id', '=', p.id).executeTakeFirstOrThrow();
    expect(line).toMatchObject({ name: 'Әлиев Марат', withdrawn_at: w.withdrawnAt, withdraw_reason: 'Қате енгізілді' });
  });
});
