import { afterEach, describe, expect, it } from 'vitest';
import type { Entry, Hearing, HearingDetail, Participant, ProtocolChange, Revision } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { pending } from '../../main/sync/outbox';
import { fails, ok, openCore } from './helpers';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

async function hearingWithRoster(c: Core) {
  const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '7594-25-00-2/1234', category: 'civil', judge: 'Әбенов С.', secretary: 'Нұрланова Ә.' });
  const witness = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Үсенов Ұлан', role: 'witness' });
  const plaintiff = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Қасымов Ғалым', role: 'plaintiff', attendance: 'present' });
  return { h, witness, plaintiff };
}

describe('protocol store', () => {
  it('runs a hearing: roster, attendance, start, events by kind, notes with client time; no position without a recording', async () => {
    const c = (core = await openCore());
    const changes: ProtocolChange[] = [];
    c.events.on('protocol.changed', (p) => changes.push(p));
    const { h, witness } = await hearingWithRoster(c);
    expect(h.status).toBe('scheduled');
    expect(h.uid).toMatch(/^[0-9a-f-]{36}$/);

    const absent = await ok<Participant>(c, 'protocol.setAttendance', { participantId: witness.id, attendance: 'remote' });
    expect(absent.attendance).toBe('remote');

    const started = await ok<{ hearing: Hearing; entry: Entry }>(c, 'protocol.startHearing', { hearingId: h.id });
    expect(started.hearing.status).toBe('in_progress');
    expect(started.hearing.actualStart).toBe(started.entry.startedAt);
    expect(started.entry.kind).toBe('opened');
    expect((await fails(c, 'protocol.startHearing', { hearingId: h.id })).code).toBe('hearing.alreadyOpen');

    const typingStarted = '2025-03-14T10:05:07.250+05:00';
    const note = await ok<Entry>(c, 'protocol.logEntry', {
      hearingId: h.id,
      kind: 'note',
      text: 'Талапкер қарызды қайтаруды сұрады',
      speakerId: witness.id,
      startedAt: typingStarted,
    });
    expect(note.startedAt).toBe('2025-03-14T05:05:07.250Z');
    // This station's microphone does not exist: the hearing opened without a recording, so nothing is pinned.
    expect(note.recordingPositionMs).toBeNull();
    expect(note.speaker).toBe('Үсенов Ұлан');
    expect(new Date(note.createdAt).getTime()).toBeGreaterThan(new Date(note.startedAt).getTime());

    const recess = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'recess' });
    expect(recess.recordingPositionMs).toBeNull();
    expect((await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id })).hearing.status).toBe('recess');
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'resumed' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'deliberation' });
    expect((await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id })).hearing.status).toBe('deliberation');
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'decision_announced' });
    const offered = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'exhibit_offered', speaker: 'қасымов ғалым', exhibit: { number: '1', description: 'қарыз шарты' } });
    expect(offered.speaker).toBe('Қасымов Ғалым'); // a typed name on the roster is linked
    expect(offered.speakerId).not.toBeNull();
    expect(offered.exhibitLabel).toBe('№ 1 (қарыз шарты)');
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'exhibit_admitted', exhibit: { number: '1' } });
    expect((await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'exhibit_admitted', exhibit: { number: '9' } })).code).toBe('protocol.exhibitNotFound');
    expect((await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'exhibit_offered', exhibit: { number: '1' } })).code).toBe('protocol.exhibitExists');
    expect((await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'testimony_begins' })).code).toBe('protocol.speakerRequired');
    const closed = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'closed' });

    const d = await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id });
    expect(d.hearing.status).toBe('closed');
    expect(d.hearing.actualEnd).toBe(closed.startedAt);
    expect(d.exhibits).toMatchObject([{ number: '1', status: 'admitted', offeredBy: 'Қасымов Ғалым' }]);
    expect(d.entries.map((e) => e.kind)).toEqual([
      'note', // its time of day is the client's, earlier than the rest
      'opened',
      'recess',
      'resumed',
      'deliberation',
      'decision_announced',
      'exhibit_offered',
      'exhibit_admitted',
      'closed',
    ].sort((a, b) => (a === 'note' ? -1 : b === 'note' ? 1 : 0)));
    expect(changes.filter((x) => x.change === 'entry').length).toBe(9);
    expect(changes.some((x) => x.change === 'participant' && x.participant?.attendance === 'remote')).toBe(true);

    // every change is announced to central in the outbox
    const kinds = pending(c.db, 1000).map((r) => r.kind);
    expect(kinds.filter((k) => k === 'protocol.entry').length).toBe(9);
    expect(kinds).toContain('protocol.hearing');
    expect(kinds).toContain('protocol.participant');
    expect(kinds).toContain('protocol.exhibit');

    const today = await ok<Hearing[]>(c, 'protocol.hearings', { scope: 'today' });
    expect(today.map((x) => x.id)).toContain(h.id);
    const byNumber = await ok<Hearing[]>(c, 'protocol.hearings', { scope: 'all', caseNumber: '00-2/12' });
    expect(byNumber.map((x) => x.id)).toEqual([h.id]);
  });

  it('edits and deletes are revisions: full history kept, the database refuses UPDATE and DELETE', async () => {
    const c = (core = await openCore());
    const { h, plaintiff } = await hearingWithRoster(c);
    const e = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'бірінші мәтін' });
    const e2 = await ok<Entry>(c, 'protocol.editEntry', { entryId: e.id, text: 'екінші мәтін', speakerId: plaintiff.id, reason: 'қате жазылған' });
    expect(e2).toMatchObject({ revision: 2, text: 'екінші мәтін', speaker: 'Қасымов Ғалым', deleted: false });
    // an edit that changes nothing is not a revision
    expect((await ok<Entry>(c, 'protocol.editEntry', { entryId: e.id, text: 'екінші мәтін' })).revision).toBe(2);
    const e3 = await ok<Entry>(c, 'protocol.deleteEntry', { entryId: e.id, reason: 'қайталанған' });
    expect(e3).toMatchObject({ revision: 3, deleted: true, text: 'екінші мәтін' });
    expect((await fails(c, 'protocol.deleteEntry', { entryId: e.id })).code).toBe('protocol.alreadyDeleted');
    const e4 = await ok<Entry>(c, 'protocol.editEntry', { entryId: e.id, text: 'қалпына келтірілді' });
    expect(e4).toMatchObject({ revision: 4, deleted: false });

    const hist = await ok<Revision[]>(c, 'protocol.entryHistory', { entryId: e.id });
    expect(hist.map((r) => [r.revision, r.text, r.deleted, r.reason])).toEqual([
      [1, 'бірінші мәтін', false, ''],
      [2, 'екінші мәтін', false, 'қате жазылған'],
      [3, 'екінші мәтін', true, 'қайталанған'],
      [4, 'қалпына келтірілді', false, ''],
    ]);

    for (const sql of [
      'UPDATE entry_revisions SET text = ? WHERE entry_id = 1',
      'DELETE FROM entry_revisions WHERE entry_id = 1 AND ? IS NOT NULL',
      'UPDATE entries SET kind = ? WHERE id = 1',
      'DELETE FROM entries WHERE id = 1 AND ? IS NOT NULL',
      'UPDATE protocol_audit SET actor = ?',
      'DELETE FROM hearings WHERE ? IS NOT NULL',
    ]) {
      expect(() => c.db.prepare(sql).run('x'), sql).toThrow(/append-only|never deleted/);
    }
    // a revision may not skip a number
    expect(() =>
      c.db.prepare("INSERT INTO entry_revisions (entry_id, rev, text, author, created_at) VALUES (?, 9, 'x', 'x', 'x')").run(e.id),
    ).toThrow(/follow/);
    expect((await ok<Revision[]>(c, 'protocol.entryHistory', { entryId: e.id })).length).toBe(4);

    const audit = await ok<Array<{ action: string }>>(c, 'protocol.audit', { hearingId: h.id });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['hearing.create', 'entry.add', 'entry.edit', 'entry.delete', 'entry.restore']));
    expect(pending(c.db, 1000).filter((r) => r.kind === 'protocol.revision').length).toBe(3);
  });

  it('refuses bad input with clear errors and loses nothing', async () => {
    const c = (core = await openCore());
    const { h } = await hearingWithRoster(c);
    const before = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'сақталады' });

    const huge = await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'ә'.repeat(1_000_000) });
    expect(huge.code).toBe('app.invalidInput');
    expect(huge.fields?.[0]?.path).toBe('text');
    expect(huge.message).toMatch(/20000/);

    const exactly = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'қ'.repeat(20_000) });
    expect(exactly.text.length).toBe(20_000);

    const ctrl = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'a\u0000b\u0007c\r\nd\te\u001b[31mf\u202eg\u0085' });
    expect(ctrl.text).toBe('abc\nd\te[31mfg');

    expect((await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: '\u0001\u0002 ' })).code).toBe('protocol.emptyText');
    expect((await fails(c, 'protocol.logEntry', { hearingId: 999, kind: 'note', text: 'x' })).code).toBe('protocol.hearingNotFound');
    expect((await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'gossip', text: 'x' })).fields?.[0]?.path).toBe('kind');
    // Positions are the core's to set, from the recorder's clock: a client cannot send one.
    expect((await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'x', recording: { positionMs: 5 } })).fields?.[0]?.message).toMatch(/recording/);
    expect((await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'x', startedAt: 'yesterday' })).fields?.[0]?.path).toBe('startedAt');
    expect((await fails(c, 'protocol.editEntry', { entryId: 12345, text: 'x' })).code).toBe('protocol.entryNotFound');
    expect((await fails(c, 'protocol.addParticipant', { hearingId: h.id, name: '  ', role: 'witness' })).fields?.[0]?.path).toBe('name');
    expect((await fails(c, 'protocol.createHearing', { caseNumber: '' })).fields?.[0]?.path).toBe('caseNumber');
    const ru = await fails(c, 'protocol.getHearing', { hearingId: 77 });
    expect(ru.message).toMatch(/77/);

    const d = await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id });
    expect(d.entries.map((e) => e.id)).toEqual([before.id, exactly.id, ctrl.id]);
  });

  it('a signed protocol is locked: changes only as addenda, still revisions', async () => {
    const c = (core = await openCore());
    const { h, witness } = await hearingWithRoster(c);
    const e = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'қол қойылғанға дейін' });
    c.db.prepare("UPDATE hearings SET signed_at = '2025-03-14T06:00:00.000Z', signed_by = 'Әбенов' WHERE id = ?").run(h.id);

    const locked = await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'кейін' });
    expect(locked.code).toBe('protocol.locked');
    expect(locked.message).toMatch(/толықтыру/);
    expect((await fails(c, 'protocol.editEntry', { entryId: e.id, text: 'өзгерту' })).code).toBe('protocol.locked');
    expect((await fails(c, 'protocol.deleteEntry', { entryId: e.id })).code).toBe('protocol.locked');
    expect((await fails(c, 'protocol.setAttendance', { participantId: witness.id, attendance: 'absent' })).code).toBe('protocol.locked');
    expect((await fails(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Жаңа', role: 'witness' })).code).toBe('protocol.locked');
    expect((await fails(c, 'protocol.updateHearing', { hearingId: h.id, patch: { judge: 'Басқа' } })).code).toBe('protocol.locked');
    // the database refuses it too, whatever the code above it does
    expect(() =>
      c.db.prepare("INSERT INTO entries (uid, hearing_id, kind, started_at, created_at, author) VALUES ('u', ?, 'note', 'x', 'x', 'x')").run(h.id),
    ).toThrow(/addenda/);

    const add = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'толықтыру', addendum: true });
    expect(add.addendum).toBe(true);
    const ed = await ok<Entry>(c, 'protocol.editEntry', { entryId: e.id, text: 'түзету', addendum: true });
    expect(ed.revision).toBe(2);
    expect((await ok<Revision[]>(c, 'protocol.entryHistory', { entryId: e.id })).map((r) => r.addendum)).toEqual([false, true]);
  });
});
