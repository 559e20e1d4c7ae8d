import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { ParticipantChange } from '../../common/contract/protocol-roster';
import type { Entry, Hearing, Participant } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { missingTools, tempDir } from '../support/tools';
import { fails, makeTestCa, makeTestSigner, ok, openCore, SIGN_ANYWAY } from './helpers';

// A roster line is corrected or withdrawn, never deleted: its history says what it was; a
// withdrawn line stays (struck through, with its reason), is no speaker any more, and the
// protocol leaves it out of the participants. Withdrawing is final, in the code and the database.

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

async function hearing(c: Core) {
  const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-72/2026', category: 'civil' });
  const keep = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Жұмабаев Ерлан', role: 'plaintiff', attendance: 'present' });
  const wrong = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Қасымова Гүлнар', role: 'witness', attendance: 'present' });
  return { h, keep, wrong };
}

describe('a roster line', () => {
  it('corrected: its history holds what it was and what it became', async () => {
    const c = (core = await openCore());
    const { keep } = await hearing(c);
    await ok(c, 'protocol.updateParticipant', { participantId: keep.id, name: 'Жұмабаев Ерлан Серікұлы', role: 'respondent' });
    await ok(c, 'protocol.setAttendance', { participantId: keep.id, attendance: 'remote' });
    const history = await ok<ParticipantChange[]>(c, 'protocol.participantHistory', { participantId: keep.id });
    expect(history.map((x) => [x.action, x.before, x.after])).toEqual([
      ['participant.add', {}, { name: 'Жұмабаев Ерлан', role: 'plaintiff', attendance: 'present', note: '' }],
      ['participant.update', { name: 'Жұмабаев Ерлан', role: 'plaintiff' }, { name: 'Жұмабаев Ерлан Серікұлы', role: 'respondent' }],
      // Remote comes with its way of participation (video-conference; no program was named).
      ['participant.attendance', { attendance: 'present', via: null }, { attendance: 'remote', via: 'videoconference' }],
    ]);
  });

  it('withdrawn: kept with its reason, final, no speaker, left out of the protocol', async () => {
    const c = (core = await openCore());
    const { h, wrong } = await hearing(c);
    const w = await ok<Participant>(c, 'protocol.withdrawParticipant', { participantId: wrong.id, reason: 'Басқа іс бойынша қате енгізілді' });
    expect(w).toMatchObject({ name: 'Қасымова Гүлнар', withdrawReason: 'Басқа іс бойынша қате енгізілді' });
    expect(w.withdrawnAt).toMatch(/^\d{4}-/);
    const roster = (await ok<{ participants: Participant[] }>(c, 'protocol.getHearing', { hearingId: h.id })).participants;
    expect(roster.map((p) => [p.name, p.withdrawnAt !== null])).toEqual([['Жұмабаев Ерлан', false], ['Қасымова Гүлнар', true]]);
    // A withdrawn line is no participant: the hearing counts one.
    expect((await ok<{ hearing: Hearing }>(c, 'protocol.getHearing', { hearingId: h.id })).hearing.participantCount).toBe(1);

    // Final: not again, not corrected, no attendance; the database holds it too.
    expect((await fails(c, 'protocol.withdrawParticipant', { participantId: wrong.id, reason: 'тағы' })).code).toBe('protocol.participantWithdrawn');
    expect((await fails(c, 'protocol.updateParticipant', { participantId: wrong.id, name: 'Басқа' })).code).toBe('protocol.participantWithdrawn');
    expect((await fails(c, 'protocol.setAttendance', { participantId: wrong.id, attendance: 'absent' })).code).toBe('protocol.participantWithdrawn');
    expect(() => c.db.prepare('UPDATE participants SET withdrawn_at = NULL, withdraw_reason = NULL WHERE id = ?').run(wrong.id)).toThrow(/stays withdrawn/);
    expect((await fails(c, 'protocol.withdrawParticipant', { participantId: wrong.id, reason: '  ' })).code).toBe('protocol.withdrawReasonRequired');

    // No speaker any more, by id or by typed name.
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'opened' });
    const e = await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'testimony_begins', speakerId: wrong.id });
    expect(e.code).toBe('protocol.participantWithdrawn');
    expect(e.message).toContain('Қасымова Гүлнар');
    const typed = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', speaker: 'Қасымова Гүлнар', text: 'залда' });
    expect(typed.speakerId).toBeNull();

    const history = await ok<ParticipantChange[]>(c, 'protocol.participantHistory', { participantId: wrong.id });
    expect(history.at(-1)).toMatchObject({ action: 'participant.withdraw', before: { name: 'Қасымова Гүлнар', role: 'witness' }, after: { reason: 'Басқа іс бойынша қате енгізілді' } });
    // The check before signing asks no warning of a withdrawn witness.
    const missing = (await ok<{ missing: Array<{ item: string; names: string[] }> }>(c, 'protocol.signCheck', { hearingId: h.id })).missing;
    expect(missing.find((m) => m.item === 'witness_warned')).toBeUndefined();

    if (missingTools('pdftotext')) return;
    const pdf = await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'pdf', lang: 'kk' });
    const pdfText = execFileSync('pdftotext', ['-layout', pdf.path, '-'], { encoding: 'utf8' });
    expect(pdfText).toContain('Жұмабаев Ерлан');
    // Only the free name typed in the note is left: the roster line is not printed.
    expect(pdfText.match(/Қасымова Гүлнар/g)?.length).toBe(1);
    expect(pdfText).not.toMatch(/Куә\s+Қасымова/);
    const docx = await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'docx', lang: 'ru' });
    const xml = execFileSync('unzip', ['-p', docx.path, 'word/document.xml'], { encoding: 'utf8' });
    expect(xml).toContain('Жұмабаев Ерлан');
    expect(xml.match(/Қасымова Гүлнар/g)?.length).toBe(1);
  });

  it('is not withdrawn once the protocol is signed', async () => {
    if (missingTools('openssl')) return;
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const signer = makeTestSigner(ca, { file: 'secretary', name: 'Нұрланова Әйгерім' });
    const c = (core = await openCore());
    const { h, wrong } = await hearing(c);
    await ok(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: signer.p12, password: signer.password });
    expect((await fails(c, 'protocol.withdrawParticipant', { participantId: wrong.id, reason: 'қате' })).code).toBe('protocol.locked');
    expect(() => c.db.prepare("UPDATE participants SET withdrawn_at = 'x', withdraw_reason = 'x' WHERE id = ?").run(wrong.id)).toThrow(/roster is frozen/);
  });
});
