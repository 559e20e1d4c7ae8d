import { afterEach, describe, expect, it } from 'vitest';
import type { Entry, Hearing, Participant, SearchHit } from '../../common/contract/protocol';
import { snippetParts } from '../../common/protocol/search-marks';
import type { Core } from '../../main/core/core';
import { ok, openCore } from './helpers';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('protocol search (FTS5)', () => {
  it('finds entries by words, participant, case number and date range, case-insensitively, prefix-wise', async () => {
    const c = (core = await openCore());
    const a = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-100/2025' });
    const b = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '1-200/2025' });
    const w = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: a.id, name: 'Өмірзақов Ұлан', role: 'witness' });
    await ok<Participant>(c, 'protocol.addParticipant', { hearingId: b.id, name: 'Петрова Анна', role: 'victim' });
    await ok(c, 'protocol.startHearing', { hearingId: a.id, startedAt: '2025-03-14T09:59:00Z' });
    const e1 = await ok<Entry>(c, 'protocol.logEntry', { hearingId: a.id, kind: 'testimony_begins', speakerId: w.id, text: 'Қарыз шарты бойынша түсінік берді', startedAt: '2025-03-14T10:00:00Z' });
    const e2 = await ok<Entry>(c, 'protocol.logEntry', { hearingId: b.id, kind: 'note', text: 'Потерпевшая пояснила про договор займа', startedAt: '2025-04-01T10:00:00Z' });
    const e3 = await ok<Entry>(c, 'protocol.logEntry', { hearingId: b.id, kind: 'note', text: 'ҚАРЫЗ туралы сұрақ', startedAt: '2025-04-02T10:00:00Z' });

    const ids = (hits: SearchHit[]) => hits.map((h) => h.entry?.id ?? `h${h.hearing.id}`);
    expect(ids(await ok(c, 'protocol.search', { text: 'қарыз' })).sort()).toEqual([e1.id, e3.id].sort());
    expect(ids(await ok(c, 'protocol.search', { text: 'дог займ' }))).toEqual([e2.id]); // prefixes, all words
    expect(ids(await ok(c, 'protocol.search', { text: 'қарыз', caseNumber: '2-100' }))).toEqual([e1.id]);
    expect(ids(await ok(c, 'protocol.search', { text: 'қарыз', from: '2025-04-01T00:00:00Z', to: '2025-05-01T00:00:00Z' }))).toEqual([e3.id]);
    const snippet = (await ok<SearchHit[]>(c, 'protocol.search', { text: 'шарты' }))[0]!.snippet;
    expect(snippet).toContain('\u0002шарты\u0003');
    expect(snippetParts(snippet).filter((p) => p.match).map((p) => p.text)).toEqual(['шарты']);
    // participant: entries they spoke, and hearings with them on the roster
    const byPerson = await ok<SearchHit[]>(c, 'protocol.search', { participant: 'өмірзақов' });
    expect(byPerson[0]!.entry?.id).toBe(e1.id);
    const victim = await ok<SearchHit[]>(c, 'protocol.search', { participant: 'Петрова' });
    expect(ids(victim)).toEqual([`h${b.id}`]);
    expect(ids(await ok(c, 'protocol.search', { text: 'қарыз', participant: 'Петрова' }))).toEqual([e3.id]);
    // case number or dates alone: hearings
    expect(ids(await ok(c, 'protocol.search', { caseNumber: '1-200' }))).toEqual([`h${b.id}`]);
    // edits are searchable at once; deleted entries drop out unless asked for
    await ok(c, 'protocol.editEntry', { entryId: e2.id, text: 'Потерпевшая пояснила про расписку' });
    expect(ids(await ok(c, 'protocol.search', { text: 'займа' }))).toEqual([]);
    expect(ids(await ok(c, 'protocol.search', { text: 'расписку' }))).toEqual([e2.id]);
    await ok(c, 'protocol.deleteEntry', { entryId: e2.id });
    expect(ids(await ok(c, 'protocol.search', { text: 'расписку' }))).toEqual([]);
    expect(ids(await ok(c, 'protocol.search', { text: 'расписку', includeDeleted: true }))).toEqual([e2.id]);
    // FTS syntax in user input is just text
    expect(await ok(c, 'protocol.search', { text: '"NEAR( * OR - ^' })).toEqual([]);
    const roster = await ok<SearchHit[]>(c, 'protocol.search', { participant: 'ұлан' });
    expect(roster.some((h) => h.entry?.id === e1.id)).toBe(true);
  });
});
