import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hearing, HearingDetail, Signature } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { pending } from '../../main/sync/outbox';
import { missingTools, tempDir } from '../support/tools';
import { fails, makeTestCa, makeTestSigner, ok, openCore, type TestSigner, SIGN_ANYWAY } from './helpers';

// A certificate that is expired, not yet valid, or issued to someone else is refused with a
// clear error in the station's language, and nothing is written: no file, no row, no event.

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

const DAY = 86_400_000;

async function hearingWithEntry(c: Core): Promise<Hearing> {
  const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-90/2025' });
  await ok(c, 'protocol.startHearing', { hearingId: h.id });
  return h;
}

/** Nothing recorded, and nothing written where the core writes signatures (DATA/protocols/<id>/). */
async function expectNothingChanged(c: Core, h: Hearing): Promise<void> {
  const outDir = path.join(c.dataDir, 'protocols', String(h.id));
  const d = await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id });
  expect(d.signatures).toEqual([]);
  expect(d.hearing).toMatchObject({ locked: false, awaitingSignature: null });
  expect(fs.existsSync(outDir) ? fs.readdirSync(outDir) : []).toEqual([]);
  expect(pending(c.db, 1000).filter((r) => r.kind === 'protocol.signed')).toEqual([]);
  // not frozen: an ordinary entry is still taken
  await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'әлі де жазылады' });
}

function sign(c: Core, h: Hearing, key: TestSigner, extra: Record<string, unknown> = {}) {
  return fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: key.p12, password: key.password, ...extra });
}

describe('protocol signature: certificate checks', () => {
  it('refuses an expired certificate (kk, ru, en), changing nothing', async () => {
    if (missingTools('openssl')) return;
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const key = makeTestSigner(ca, { file: 'old', name: 'Ескі Кілт', iin: '900101400123', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 35 * DAY) });
    const c = (core = await openCore());
    const h = await hearingWithEntry(c);
    const kk = await sign(c, h, key);
    expect(kk.code).toBe('protocol.certificateExpired');
    expect(kk.message).toContain('Сертификаттың мерзімі');
    c.settings.update({ language: 'ru' });
    expect((await sign(c, h, key)).message).toContain('Срок действия сертификата истёк');
    c.settings.update({ language: 'en' });
    const en = await sign(c, h, key);
    expect(en.message).toMatch(/^The certificate expired on \d{4}-\d\d-\d\dT/);
    await expectNothingChanged(c, h);
  });

  it('refuses a certificate that is not valid yet, changing nothing', async () => {
    if (missingTools('openssl')) return;
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const key = makeTestSigner(ca, { file: 'future', name: 'Жаңа Кілт', notBefore: new Date(Date.now() + 10 * DAY), notAfter: new Date(Date.now() + 400 * DAY) });
    const c = (core = await openCore());
    c.settings.update({ language: 'en' });
    const h = await hearingWithEntry(c);
    const e = await sign(c, h, key);
    expect(e.code).toBe('protocol.certificateNotYetValid');
    expect(e.message).toContain('valid only from');
    await expectNothingChanged(c, h);
  });

  it("refuses a certificate whose IIN is not the expected signer's, or that has none; the right one signs", async () => {
    if (missingTools('openssl')) return;
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const other = makeTestSigner(ca, { file: 'other', name: 'Басқа Адам', iin: '881212300789' });
    const noIin = makeTestSigner(ca, { file: 'noiin', name: 'ЖСН Жоқ' });
    const right = makeTestSigner(ca, { file: 'right', name: 'Нұрланова Әйгерім', iin: '900101400123' });
    const c = (core = await openCore());
    c.settings.update({ language: 'ru' });
    const h = await hearingWithEntry(c);
    const e = await sign(c, h, other, { expectedIin: '900101400123' });
    expect(e.code).toBe('protocol.certificateIinMismatch');
    expect(e.message).toBe('Сертификат выдан другому лицу: ИИН 881212300789, ожидался ИИН 900101400123');
    expect((await sign(c, h, noIin, { expectedIin: '900101400123' })).code).toBe('protocol.certificateIinMismatch');
    expect((await fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: right.p12, password: right.password, expectedIin: '90010140012' })).code).toBe('app.invalidInput');
    await expectNothingChanged(c, h);
    const s = await ok<Signature>(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: right.p12, password: right.password, expectedIin: '900101400123' });
    expect(s).toMatchObject({ capacity: 'secretary', iin: '900101400123' });
  });
});
