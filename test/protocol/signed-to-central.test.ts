import { describe, expect, it } from 'vitest';
import type { Hearing, Signature } from '../../common/contract/protocol';
import { centralWithStation, pushOutbox } from '../support/outbox-central';
import { missingTools, tempDir } from '../support/tools';
import { makeTestCa, makeTestSigner, ok, openCore, SIGN_ANYWAY } from './helpers';
import { closedAfterEach } from '../support/closed-after';

// The station's protocol.signed events, as its outbox holds them, through central's ingest into
// its typed records: the hearing is signed on central only with the round's second signature.

const keep = closedAfterEach();

describe('protocol.signed on central', () => {
  it('keeps capacity, subject, IIN, validity and round; signs the hearing only when the round completes', async () => {
    if (missingTools('openssl')) return;
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const secretary = makeTestSigner(ca, { file: 'secretary', name: 'Нұрланова Әйгерім', iin: '900101400123' });
    const judge = makeTestSigner(ca, { file: 'judge', name: 'Әбенов Серік Қайратұлы', iin: '750505300456' });
    const c = keep(await openCore());
    const stationId = 'st-sign-1';
    const db = keep(await centralWithStation(stationId));

    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-93/2025' });
    const s1 = await ok<Signature>(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: secretary.p12, password: secretary.password });
    await pushOutbox(c, db, stationId);
    const hearingRow = () => db.db.selectFrom('protocol_hearings').selectAll().where('station_id', '=', stationId).where('hearing_uid', '=', h.uid).executeTakeFirstOrThrow();
    expect(await hearingRow()).toMatchObject({ signed_at: null, signed_by: null });

    const s2 = await ok<Signature>(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: judge.p12, password: judge.password });
    await pushOutbox(c, db, stationId);
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
