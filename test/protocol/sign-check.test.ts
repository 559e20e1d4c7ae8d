import { afterEach, describe, expect, it } from 'vitest';
import type { Hearing, Signature } from '../../common/contract/protocol';
import messages from '../../common/i18n/protocol';
import { renderEntry, type KindTemplates } from '../../common/protocol/render';
import type { Core } from '../../main/core/core';
import { missingTools, tempDir } from '../support/tools';
import { cli, cliDataDir, fails, makeTestCa, makeTestSigner, ok, openCore } from './helpers';

// Before signing, the core checks the protocol against its category's mandatory items and lists
// what is missing; a signature over an incomplete protocol needs a written reason, which the
// hearing's audit keeps with the list. The same for every door (here: the core call and the CLI).

const skip = missingTools('openssl');
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

describe.skipIf(skip)('the check before signing', () => {
  it('a criminal hearing lists each missing item and each witness not warned; logging them empties the list', async () => {
    const c = await openCore();
    cores.push(c);
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '1-15/2026', category: 'criminal' });
    const w1 = await ok<{ id: number }>(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Сейітов Нұрлан', role: 'witness', attendance: 'present' });
    await ok(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Ахметова Гүлнар', role: 'witness', attendance: 'remote' });
    await ok(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Жоқ Адам', role: 'witness', attendance: 'absent' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'opened' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'composition_announced' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'witness_warned', speakerId: w1.id });

    const first = await ok<{ missing: Array<{ item: string; names: string[] }> }>(c, 'protocol.signCheck', { hearingId: h.id });
    expect(first.missing).toEqual([
      { item: 'language_explained', names: [] },
      { item: 'rights_explained', names: [] },
      { item: 'witness_warned', names: ['Ахметова Гүлнар'] },
      { item: 'closing_arguments', names: [] },
      { item: 'last_word', names: [] },
      { item: 'decision_announced', names: [] },
    ]);

    for (const kind of ['language_explained', 'rights_explained', 'closing_arguments', 'last_word', 'decision_announced'] as const) await ok(c, 'protocol.logEntry', { hearingId: h.id, kind });
    // By name, as a secretary types it, in another case.
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'witness_warned', speaker: 'ахметова гүлнар' });
    expect((await ok<{ missing: unknown[] }>(c, 'protocol.signCheck', { hearingId: h.id })).missing).toEqual([]);
  });

  it('an adjourned civil hearing needs no decision or arguments; the new kinds print as a court writes them', async () => {
    const c = await openCore();
    cores.push(c);
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-16/2026', category: 'civil' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'opened' });
    for (const kind of ['composition_announced', 'rights_explained'] as const) await ok(c, 'protocol.logEntry', { hearingId: h.id, kind });
    expect((await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'adjourned' })).code).toBe('protocol.emptyText');
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'adjourned', text: '15.01.2027 10:00 дейін, жауапкердің келмеуіне байланысты' });
    expect((await ok<{ missing: unknown[] }>(c, 'protocol.signCheck', { hearingId: h.id })).missing).toEqual([]);
    const kk = messages.kk.templates as unknown as KindTemplates;
    const ru = messages.ru.templates as unknown as KindTemplates;
    expect(renderEntry(kk, { kind: 'adjourned', text: '15.01.2027 10:00 дейін' })).toBe('Сот отырысы кейінге қалдырылды. 15.01.2027 10:00 дейін');
    expect(renderEntry(ru, { kind: 'witness_warned', speaker: 'Сейітов Нұрлан' })).toBe('Сейітов Нұрлан: разъяснена уголовная ответственность за дачу заведомо ложных показаний');
    expect(renderEntry(ru, { kind: 'last_word', speaker: 'Қасымов Ерлан' })).toBe('С последним словом выступает Қасымов Ерлан');
    expect(renderEntry(kk, { kind: 'challenge_filed' })).toBe('Қарсылық мәлімделді');
  });

  it('signing an incomplete protocol is refused without a reason, nothing written; with one it is signed and the audit keeps the reason and the list', async () => {
    const c = await openCore();
    cores.push(c);
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const key = makeTestSigner(ca, { file: 'secretary', name: 'Нұрланова Әйгерім' });
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-17/2026', category: 'civil' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'opened' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'closed' });

    const refused = await fails(c, 'protocol.sign', { hearingId: h.id, p12Path: key.p12, password: key.password, lang: 'ru' });
    expect(refused.code).toBe('signcheck.incomplete');
    expect(refused.message).toContain('2-17/2026');
    expect((await ok<{ signatures: unknown[] }>(c, 'protocol.getHearing', { hearingId: h.id })).signatures).toEqual([]);

    const reason = 'Состав суда и права объявлены до начала записи, см. аудиозапись';
    const s = await ok<Signature>(c, 'protocol.sign', { hearingId: h.id, p12Path: key.p12, password: key.password, lang: 'ru', incompleteReason: reason });
    expect(s.capacity).toBe('secretary');
    const audit = await ok<Array<{ action: string; detail: string }>>(c, 'protocol.audit', { hearingId: h.id });
    const row = audit.find((a) => a.action === 'protocol.sign')!;
    const detail = JSON.parse(row.detail) as { incomplete: { reason: string; missing: Array<{ item: string }> } };
    expect(detail.incomplete.reason).toBe(reason);
    expect(detail.incomplete.missing.map((m) => m.item)).toEqual(['composition_announced', 'rights_explained', 'closing_arguments', 'decision_announced']);
  });

  it('`hattama protocol check` lists the missing items in the station language and exits 1', async () => {
    const dir = cliDataDir();
    const c = await openCore(dir);
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-18/2026', category: 'civil' });
    await c.close();
    expect(cli(['protocol', 'log', '--data', dir, '--hearing', String(h.id), '--kind', 'opened']).status).toBe(0);
    const r = cli(['protocol', 'check', '--data', dir, '--hearing', String(h.id), '--lang', 'ru']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Перед подписанием: в протоколе нет обязательных пунктов');
    expect(r.stdout).toContain('- Не объявлен состав суда');
  });
});
