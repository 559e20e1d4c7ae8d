import { afterEach, describe, expect, it } from 'vitest';
import { openCentralDb, type OpenedDb } from '../../central/db';
import { ingestEvents } from '../../central/event-ingest';
import type { Hearing, Signature } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { pending } from '../../main/sync/outbox';
import { missingTools, tempDir } from '../support/tools';
import { makeTestCa, makeTestSigner, ok, openCore, SIGN_ANYWAY } from './helpers';

// The station's protocol.signed events, as its outbox holds them, through central's ingest into
// its typed records: the hearing is signed on central only with the round's second signature.

let core: Core | undefined;
let central: OpenedDb | undefined;
afterEach(async () => {
  await core?.close();
  await central?.close();
  core = undefined;
  central = undefined;
});

/** Pushes everything the outbox holds; what central already has is a harmless retry. */
async function push(c: Core, db: OpenedDb, stationId: string): Promise<void> {
  const rows = pending(c.db, 1000);
  await ingestEvents(db.db, db.kind, stationId, rows.map((r) => ({ seq: r.seq, kind: r.kind, ref: r.ref, payload: JSON.parse(r.payload) as unknown, createdAt: r.created_at })));
}

describe('protocol.signed on central', () => {
  it('keeps capacity, subject, IIN, validity and round; signs the hearing only when the round completes', async () => {
    if (missingTools('openssl')) return;
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const secretary = makeTestSigner(ca, { file: 'secretary', name: 'Нұрланова Әйгерім', iin: '900101400123' });
    const judge = makeTestSigner(ca, { file: 'judge', name: 'Әбенов Серік Қайратұлы', iin: '750505300456' });
    const c = (core = await openCore());
    const db = (central = await openCentralDb({ dataDir: tempDir('hattama-central-') }));
    const stationId = 'st-sign-1';
    await db.db.insertInto('stations').values({ station_id: stationId, court: 'Court', courtroom: 'Room', public_key: 'x', token_hash: 'x', enrolled_at: new Date().toISOString(), revoked_at: null, highest_seq: 0 }).execute();

    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-93/2025' });
    const s1 = await ok<Signature>(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: secretary.p12, password: secretary.password });
    await push(c, db, stationId);
    const hearingRow = () => db.db.selectFrom('protocol_hearings').selectAll().where('station_id', '=', stationId).where('hearing_uid', '=', h.uid).executeTakeFirstOrThrow();
    expect(await hearingRow()).toMatchObject({ signed_at: null, signed_by: null });

    const s2 = await ok<Signature>(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: judge.p12, password: judge.password });
    await push(c, db, stationId);
    expect(await hearingRow()).toMatchObject({ signed_at: s2.signedAt, signed_by: 'Әбенов Серік Қайратұлы, Нұрланова Әйгерім' });
    const sigs = await db.db.selectFrom('protocol_signatures').selectAll().where('station_id', '=', stationId).orderBy('local_id').execute();
    expect(sigs.map((s) => [s.capacity, s.iin, s.round, s.completes_round, s.pdf_sha256])).toEqual([
      ['secretary', '900101400123', 1, 0, s1.pdfSha256],
      ['judge', '750505300456', 1, 1, s1.pdfSha256],
    ]);
    expect(sigs[0]!.subject).toContain('serialNumber=IIN900101400123');
    expect(sigs[1]!.not_after).toBe(s2.notAfter);
  });
});
