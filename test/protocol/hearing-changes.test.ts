import { afterEach, describe, expect, it } from 'vitest';
import type { Entry, Exhibit, Hearing, HearingDetail, Participant, ProtocolChange } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { applyChange } from '../../renderer/src/secretary/hearing-changes';
import { ok, openCore } from './helpers';

// The console's copy of a hearing, kept from the core's events alone, reads as the core's own
// getHearing does: same entries in the same order, same roster, same exhibits, same header.

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

const detail = (c: Core, hearingId: number) => ok<HearingDetail>(c, 'protocol.getHearing', { hearingId });

describe('the console applies protocol changes one at a time', () => {
  it('follows notes, an earlier-typed note, an edit, a deletion, the roster and exhibits to what getHearing says', async () => {
    const c = (core = await openCore());
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-77/2025', category: 'civil' });
    const other = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-78/2025', category: 'civil' });
    let kept = await detail(c, h.id);
    const reloads: ProtocolChange[] = [];
    let allowedStale = 0;
    c.events.on('protocol.changed', (change) => {
      const r = applyChange(kept, change);
      if (r.reload) reloads.push(change);
      if (r.allowedStale) allowedStale++;
      kept = r.detail;
    });

    const witness = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Үсенов Ұлан', role: 'witness' });
    await ok(c, 'protocol.startHearing', { hearingId: h.id });
    const first = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'бірінші', startedAt: '2030-01-01T10:00:00.000Z' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'үшінші', startedAt: '2030-01-01T10:02:00.000Z' });
    // Typing began before the third note was logged: it goes between, as the core orders it.
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'екінші', startedAt: '2030-01-01T10:01:00.000Z' });
    // Two with the same instant: by id.
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'а', startedAt: '2030-01-01T10:03:00.000Z' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'ә', startedAt: '2030-01-01T10:03:00.000Z' });
    await ok(c, 'protocol.editEntry', { entryId: first.id, text: 'бірінші, түзетілді', speakerId: witness.id, reason: 'қате' });
    const gone = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'артық' });
    await ok(c, 'protocol.deleteEntry', { entryId: gone.id, reason: 'қате' });
    await ok(c, 'protocol.withdrawParticipant', { participantId: witness.id, reason: 'қате жазылды' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'exhibit_offered', exhibit: { number: '1' } });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'exhibit_admitted', exhibit: { number: '1', description: 'шарт' } });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'recess' });
    // Another hearing's changes are not this one's.
    await ok(c, 'protocol.logEntry', { hearingId: other.id, kind: 'note', text: 'басқа іс' });

    const truth = await detail(c, h.id);
    expect(kept).toEqual(truth);
    expect(kept.entries.filter((e) => e.startedAt.startsWith('2030')).map((e) => e.text)).toEqual(['бірінші, түзетілді', 'екінші', 'үшінші', 'а', 'ә']);
    expect(kept.entries.find((e) => e.id === gone.id)?.deleted).toBe(true);
    expect(kept.entries.filter((e) => e.kind.startsWith('exhibit_')).map((e) => e.exhibitLabel)).toEqual(['№ 1 (шарт)', '№ 1 (шарт)']);
    expect(reloads).toEqual([]);
    // Opening and the recess changed the header (what the hearing allows); a note does not.
    expect(allowedStale).toBe(2);
  });

  it('keeps every unchanged entry the same object, and ignores another hearing', async () => {
    const c = (core = await openCore());
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-79/2025', category: 'civil' });
    for (const text of ['a', 'b', 'c']) await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text });
    const before = await detail(c, h.id);
    const changes: ProtocolChange[] = [];
    c.events.on('protocol.changed', (change) => changes.push(change));
    await ok(c, 'protocol.editEntry', { entryId: before.entries[1]!.id, text: 'b2' });
    const r = applyChange(before, changes[0]!);
    expect(r.detail.entries[0]).toBe(before.entries[0]);
    expect(r.detail.entries[2]).toBe(before.entries[2]);
    expect(r.detail.entries[1]!.text).toBe('b2');
    expect(r.detail.hearing).toBe(before.hearing);
    // The same change again (the event and the call's answer both bring it): nothing new at all.
    const again = applyChange(r.detail, changes[0]!);
    expect(again.detail).toBe(r.detail);
    // An event for another hearing leaves the copy as it was.
    const elsewhere = applyChange(before, { ...changes[0]!, hearingId: h.id + 1 });
    expect(elsewhere.detail).toBe(before);
    // A new entry: the earlier ones keep their objects, the header counts it.
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'd' });
    const added = applyChange(r.detail, changes[1]!);
    expect(added.detail.entries.slice(0, 3).every((e, i) => e === r.detail.entries[i])).toBe(true);
    expect(added.detail.hearing.entryCount).toBe(4);
    expect(added.detail).toEqual(await detail(c, h.id));
  });

  it('asks for a reload on a signature', () => {
    const d = { hearing: { id: 1 }, participants: [], entries: [], exhibits: [], signatures: [] } as unknown as HearingDetail;
    const exhibit = { id: 1, hearingId: 1, number: '1', description: '', status: 'offered', offeredBy: null, createdAt: '', updatedAt: '' } as Exhibit;
    expect(applyChange(d, { hearingId: 1, change: 'signed' })).toMatchObject({ reload: true, allowedStale: true, detail: d });
    expect(applyChange(d, { hearingId: 1, change: 'exhibit', exhibit }).detail.exhibits).toEqual([exhibit]);
  });
});
