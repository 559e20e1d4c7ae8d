import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entry, Hearing, Participant, Revision, SearchHit } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { createProtocolStore } from '../../main/protocol/module';
import { missingTools, tempDir } from '../support/tools';
import { fails, makeTestCa, makeTestSigner, ok, openCore, SIGN_ANYWAY } from './helpers';

// An entry logged under the wrong kind is corrected as a revision, like its text: the history
// keeps both kinds, everything that reads the entry (roster of the protocol, search, export,
// the check before signing) reads the new one; kinds that moved the hearing never change.

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

async function openHearing(c: Core) {
  const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-71/2026', category: 'civil' });
  const p = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Сейітов Арман', role: 'plaintiff', attendance: 'present' });
  await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'opened' });
  const note = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', speakerId: p.id, text: 'сарапшы тағайындауды сұрады' });
  return { h, p, note };
}

describe('correcting an entry’s kind', () => {
  it('is a revision: the history keeps both kinds; search, the check before signing and the export read the new one', async () => {
    const c = (core = await openCore());
    const { h, note } = await openHearing(c);
    const composition = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'сот құрамы жарияланды' });
    const fixed = await ok<Entry>(c, 'protocol.editEntry', { entryId: note.id, kind: 'motion_filed', reason: 'өтінішхат ретінде' });
    expect(fixed).toMatchObject({ kind: 'motion_filed', revision: 2, text: 'сарапшы тағайындауды сұрады', speaker: 'Сейітов Арман' });

    const history = await ok<Revision[]>(c, 'protocol.entryHistory', { entryId: note.id });
    expect(history.map((r) => [r.revision, r.kind, r.reason])).toEqual([[1, 'note', ''], [2, 'motion_filed', 'өтінішхат ретінде']]);
    // A later edit of the text alone keeps the corrected kind.
    await ok(c, 'protocol.editEntry', { entryId: note.id, text: 'сот-сараптама тағайындауды сұрады' });
    const later = await ok<Revision[]>(c, 'protocol.entryHistory', { entryId: note.id });
    expect(later.map((r) => r.kind)).toEqual(['note', 'motion_filed', 'motion_filed']);
    expect((await ok<{ entries: Entry[] }>(c, 'protocol.getHearing', { hearingId: h.id })).entries.find((e) => e.id === note.id)?.kind).toBe('motion_filed');

    const byKind = (kinds: string[]) => ok<SearchHit[]>(c, 'protocol.search', { text: 'сараптама', kinds, hearingId: h.id });
    expect((await byKind(['motion_filed'])).map((x) => x.entry?.id)).toEqual([note.id]);
    expect(await byKind(['note'])).toEqual([]);
    expect((await ok<SearchHit[]>(c, 'protocol.search', { text: 'сараптама' }))[0]?.entry?.kind).toBe('motion_filed');
    // By the kind's name: the corrected entry is found under its new kind, not its old one.
    const named = async (text: string) => (await ok<SearchHit[]>(c, 'protocol.search', { text, hearingId: h.id })).filter((x) => x.matched === 'kind').map((x) => x.entry?.id);
    expect(await named('өтінішхат мәлімделді')).toEqual([note.id]);
    expect(await named('ескертпе')).toEqual([composition.id]);

    const missing = async () => (await ok<{ missing: Array<{ item: string }> }>(c, 'protocol.signCheck', { hearingId: h.id })).missing.map((m) => m.item);
    expect(await missing()).toContain('composition_announced');
    await ok(c, 'protocol.editEntry', { entryId: composition.id, kind: 'composition_announced' });
    expect(await missing()).not.toContain('composition_announced');

    if (missingTools('pdftotext')) return;
    const pdf = await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'pdf', lang: 'kk' });
    const text = execFileSync('pdftotext', ['-layout', pdf.path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Сейітов Арман өтінішхат мәлімдеді. сот-сараптама тағайындауды сұрады');
    expect(text).not.toContain('Сейітов Арман: сот-сараптама');
  });

  it('is refused to or from a kind that moves the hearing or its recording, an exhibit’s, or the station’s own', async () => {
    const c = (core = await openCore());
    const { h, note } = await openHearing(c);
    const detail = await ok<{ entries: Entry[] }>(c, 'protocol.getHearing', { hearingId: h.id });
    const opened = detail.entries.find((e) => e.kind === 'opened')!;
    const exhibit = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'exhibit_offered', exhibit: { number: '1', description: 'шарт' } });
    const interrupted = createProtocolStore(c).logEntry({ hearingId: h.id, kind: 'recording_interrupted', text: '10:00–10:01' });

    for (const [entryId, kind, code] of [
      [note.id, 'recess', 'hearing.kindChangeState'],
      [note.id, 'closed', 'hearing.kindChangeState'],
      [note.id, 'decision_announced', 'hearing.kindChangeState'],
      [opened.id, 'note', 'hearing.kindChangeState'],
      [note.id, 'exhibit_admitted', 'hearing.kindChangeExhibit'],
      [exhibit.id, 'note', 'hearing.kindChangeExhibit'],
      [interrupted.id, 'note', 'hearing.kindChangeSystem'],
      [note.id, 'recording_interrupted', 'hearing.kindChangeSystem'],
    ] as const) {
      const e = await fails(c, 'protocol.editEntry', { entryId, kind });
      expect(e.code, `${entryId} -> ${kind}`).toBe(code);
      expect(e.message).not.toMatch(/\{\{|\$t\(/);
    }
    expect((await fails(c, 'protocol.editEntry', { entryId: note.id, kind: 'recess' })).message).toContain('Үзіліс');
    // The new kind's own requirements hold: a witness's warning names the witness.
    const plain = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'ескерту' });
    expect((await fails(c, 'protocol.editEntry', { entryId: plain.id, kind: 'witness_warned' })).code).toBe('protocol.speakerRequired');
    // Nothing was written by the refusals; the same kind is no revision.
    expect((await ok<Revision[]>(c, 'protocol.entryHistory', { entryId: note.id })).length).toBe(1);
    expect((await ok<Entry>(c, 'protocol.editEntry', { entryId: opened.id, kind: 'opened' })).revision).toBe(1);
  });

  it('after signing, only as an addendum', async () => {
    if (missingTools('openssl')) return;
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const signer = makeTestSigner(ca, { file: 'secretary', name: 'Нұрланова Әйгерім' });
    const c = (core = await openCore());
    const { h, note } = await openHearing(c);
    await ok(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: signer.p12, password: signer.password });
    expect((await fails(c, 'protocol.editEntry', { entryId: note.id, kind: 'motion_filed' })).code).toBe('protocol.locked');
    // The database refuses it too, whatever the code does.
    expect(() => c.db.prepare("INSERT INTO entry_revisions (entry_id, rev, text, author, created_at, kind) VALUES (?, 2, 'x', 'x', 'x', 'motion_filed')").run(note.id)).toThrow(/only addenda/);
    const fixed = await ok<Entry>(c, 'protocol.editEntry', { entryId: note.id, kind: 'motion_filed', addendum: true });
    expect(fixed.kind).toBe('motion_filed');
    const history = await ok<Revision[]>(c, 'protocol.entryHistory', { entryId: note.id });
    expect(history.map((r) => [r.kind, r.addendum])).toEqual([['note', false], ['motion_filed', true]]);
  });
});
