import { afterEach, describe, expect, it } from 'vitest';
import type { Hearing, HearingDetail, Signature } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import type { CallContext } from '../../main/runtime/handlers';
import { signInAs } from '../support/core';
import { missingTools, tempDir } from '../support/tools';
import { makeTestCa, makeTestSigner, ok, openCore, SIGN_ANYWAY } from './helpers';

// Each signature is made by the signed-in person, in a role they hold, with a certificate whose
// IIN is theirs: the secretary signs as secretary, the presiding judge as judge; the protocol
// locks when both have signed.

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

async function as<T>(ctx: CallContext, name: string, input: unknown): Promise<{ ok: true; value: T } | { ok: false; code: string }> {
  const r = await core!.call(name, input, ctx);
  return r.ok ? { ok: true, value: r.value as T } : { ok: false, code: r.error.code };
}

describe('who signs', () => {
  it('the secretary and the judge each sign in their own role with their own certificate; the protocol locks after both', async () => {
    if (missingTools('openssl')) return;
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const secretaryKey = makeTestSigner(ca, { file: 'secretary', name: 'Нұрланова Әйгерім', iin: '900101400122' });
    const judgeKey = makeTestSigner(ca, { file: 'judge', name: 'Әбенов Серік', iin: '750505300457' });
    const c = (core = await openCore());
    const secretary = await signInAs(c, 'Нұрланова Әйгерім', ['secretary'], '5678');
    const judge = await signInAs(c, 'Әбенов Серік', ['judge'], '2468');
    const people = await ok<Array<{ id: number; fullName: string }>>(c, 'people.list', {});
    const idOf = (name: string) => people.find((p) => p.fullName === name)!.id;
    await ok(c, 'people.update', { personId: idOf('Нұрланова Әйгерім'), iin: '900101400122' });
    await ok(c, 'people.update', { personId: idOf('Әбенов Серік'), iin: '750505300457' });
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-88/2026' });
    await ok(c, 'protocol.startHearing', { hearingId: h.id });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'closed' });

    // Not in a role one does not hold; not with somebody else's certificate.
    expect(await as(secretary, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, capacity: 'judge', p12Path: judgeKey.p12, password: judgeKey.password })).toMatchObject({ code: 'auth.forbidden' });
    expect(await as(secretary, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: judgeKey.p12, password: judgeKey.password })).toMatchObject({ code: 'protocol.certificateIinMismatch' });
    expect(await as(secretary, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: secretaryKey.p12, password: secretaryKey.password, expectedIin: '750505300457' })).toMatchObject({ code: 'protocol.certificateIinMismatch' });
    expect((await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id })).signatures).toEqual([]);

    const s1 = await as<Signature>(secretary, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: secretaryKey.p12, password: secretaryKey.password });
    expect(s1).toMatchObject({ ok: true, value: { capacity: 'secretary', iin: '900101400122', completesRound: false } });
    expect((await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id })).hearing.locked).toBe(false);
    const s2 = await as<Signature>(judge, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: judgeKey.p12, password: judgeKey.password });
    expect(s2).toMatchObject({ ok: true, value: { capacity: 'judge', iin: '750505300457', completesRound: true } });
    expect((await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id })).hearing.locked).toBe(true);
  }, 60_000);
});
