import { afterEach, describe, expect, it } from 'vitest';
import type { Allowed } from '../../common/contract/hearing';
import type { Entry, Hearing, HearingDetail, Participant } from '../../common/contract/protocol';
import type { PauseReason, RecordingState } from '../../common/contract/recording';
import { errorKey } from '../../common/errors';
import type { Core } from '../../main/core/core';
import { HearingService } from '../../main/hearing/hearing-service';
import type { Recorder } from '../../main/hearing/recorder';
import { translator } from '../../main/i18n/translator';
import { ProtocolStore } from '../../main/protocol/store';
import type { EventBus } from '../../main/runtime/event-bus';
import { pending } from '../../main/sync/outbox';
import { missingTools, tempDir } from '../support/tools';
import { fails, makeTestCa, makeTestSigner, ok, openCore, SIGN_ANYWAY } from '../protocol/helpers';

// Cancelling a hearing created or opened by mistake: kept with its reason, final, refused once
// signing began, and from then on the hearing takes nothing, through any door.

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

/** A recorder that keeps its state in memory: the hearing service drives it as it drives the real one. */
function memoryRecorder(): Recorder & { stops: number } {
  let s: RecordingState | null = null;
  const idle = { state: 'idle', sessionId: null, folder: null, caseRef: null, hearingId: null, startedAt: null, position: 0, pauseReason: null, segments: 0, capturing: false, timeline: [], muted: [] } as unknown as RecordingState;
  const r = {
    stops: 0,
    async start(i: { hearingId?: string; caseRef?: string }) {
      s = { ...idle, state: 'recording', sessionId: 'memory-1', hearingId: i.hearingId ?? null, caseRef: i.caseRef ?? null, startedAt: new Date().toISOString(), capturing: true } as RecordingState;
      return s;
    },
    pause(reason: PauseReason) {
      s = { ...s!, state: 'paused', pauseReason: reason } as RecordingState;
      return s;
    },
    resume() {
      s = { ...s!, state: 'recording', pauseReason: null } as RecordingState;
      return s;
    },
    async stop() {
      r.stops++;
      s = null;
      return idle;
    },
    state: () => s ?? idle,
    privacyMute: () => {
      throw new Error('no privacy mute in these tests');
    },
  };
  return r;
}

describe('cancelling a hearing', () => {
  it('stops an open hearing\'s recording, keeps everything, and then refuses entries, edits, the roster and the header', async () => {
    const c = (core = await openCore());
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-501/2026' });
    const p = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Сапаров Ерлан', role: 'plaintiff' });
    await ok(c, 'protocol.startHearing', { hearingId: h.id });
    const e = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'Қате ашылған отырыс' });

    expect((await fails(c, 'protocol.cancelHearing', { hearingId: h.id, reason: '   ' })).code).toBe('hearing.cancelReasonRequired');
    const cancelled = await ok<Hearing>(c, 'protocol.cancelHearing', { hearingId: h.id, reason: 'Отырыс басқа іс бойынша қате ашылды' });
    expect(cancelled.cancelled).toMatchObject({ by: 'Сынақ Қызметкері', reason: 'Отырыс басқа іс бойынша қате ашылды' });
    expect(Date.parse(cancelled.cancelled!.at)).toBeGreaterThan(0);

    // Nothing is deleted: the entries and the roster stay.
    const d = await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id });
    expect(d.entries.map((x) => x.kind)).toEqual(['opened', 'note']);
    expect(d.participants).toHaveLength(1);

    const allowed = await ok<Allowed>(c, 'hearing.allowed', { hearingId: h.id });
    expect(allowed).toMatchObject({ kinds: [], roster: false, refusal: { code: 'hearing.cancelled' } });
    const refused = [
      await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'тағы' }),
      await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'closed' }),
      await fails(c, 'protocol.editEntry', { entryId: e.id, text: 'өзгерту' }),
      await fails(c, 'protocol.deleteEntry', { entryId: e.id, reason: 'қате' }),
      await fails(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Басқа адам', role: 'witness' }),
      await fails(c, 'protocol.setAttendance', { participantId: p.id, attendance: 'present' }),
      await fails(c, 'protocol.updateHearing', { hearingId: h.id, patch: { judge: 'Басқа судья' } }),
      await fails(c, 'recording.start', { hearingId: h.id }),
      await fails(c, 'protocol.cancelHearing', { hearingId: h.id, reason: 'екінші рет' }),
    ];
    expect(refused.map((r) => r.code)).toEqual(Array(refused.length).fill('hearing.cancelled'));
    // The refusal names the case and the reason, in every language.
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const text = translator(lang)(errorKey('hearing.cancelled'), { caseNumber: h.caseNumber, reason: 'себеп' });
      expect(text, lang).toContain('2-501/2026');
      expect(text, lang).toContain('себеп');
      expect(text, lang).not.toContain('errors.');
    }
    expect(refused[0]!.message).toContain('Отырыс басқа іс бойынша қате ашылды');

    // Audited, and in the outbox for central as a header update that carries the three fields.
    const audit = c.db.prepare<[number], { action: string; detail: string }>("SELECT action, detail FROM protocol_audit WHERE hearing_id = ? AND action = 'hearing.cancel'").all(h.id);
    expect(audit).toHaveLength(1);
    const sent = pending(c.db, 1000).filter((x) => x.kind === 'protocol.hearing').map((x) => JSON.parse(x.payload) as Record<string, unknown>);
    expect(sent.at(-1)).toMatchObject({ op: 'update', uid: h.uid, cancel_reason: 'Отырыс басқа іс бойынша қате ашылды', cancelled_by: 'Сынақ Қызметкері' });

    // The database keeps it cancelled, whoever writes to it.
    expect(() => c.db.prepare('UPDATE hearings SET cancelled_at = NULL, cancelled_by = NULL, cancel_reason = NULL WHERE id = ?').run(h.id)).toThrow(/stays cancelled/);
    expect(() => c.db.prepare("UPDATE hearings SET cancel_reason = 'другое' WHERE id = ?").run(h.id)).toThrow(/stays cancelled/);
  });

  it('is refused once the first signature is on, and a cancelled hearing cannot be signed', async () => {
    if (missingTools('openssl')) return;
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const secretary = makeTestSigner(ca, { file: 'secretary', name: 'Нұрланова Әйгерім', iin: '900101400123' });
    const c = (core = await openCore());
    const signed = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-502/2026' });
    await ok(c, 'protocol.startHearing', { hearingId: signed.id });
    await ok(c, 'protocol.logEntry', { hearingId: signed.id, kind: 'closed' });
    await ok(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: signed.id, capacity: 'secretary', p12Path: secretary.p12, password: secretary.password, lang: 'kk' });
    expect((await fails(c, 'protocol.cancelHearing', { hearingId: signed.id, reason: 'кеш' })).code).toBe('hearing.cancelSigned');
    // The database refuses it too.
    expect(() => c.db.prepare("UPDATE hearings SET cancelled_at = '2026-01-01T00:00:00.000Z', cancel_reason = 'x' WHERE id = ?").run(signed.id)).toThrow(/frozen/);

    const other = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-503/2026' });
    await ok(c, 'protocol.cancelHearing', { hearingId: other.id, reason: 'Қате тіркелді' });
    const r = await fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: other.id, capacity: 'secretary', p12Path: secretary.p12, password: secretary.password, lang: 'kk' });
    expect(r.code).toBe('hearing.cancelled');
    expect(await ok(c, 'protocol.signCheck', { hearingId: other.id })).toBeTruthy();
  });

  it('stops the recorder of a hearing that records, and the recording is not deleted', async () => {
    const c = (core = await openCore());
    const store = new ProtocolStore(c.db);
    const recorder = memoryRecorder();
    // The room passed its test (the gate before opening is another test's business).
    const deps = { store, recorder, events: { emit: () => undefined } as unknown as EventBus, log: c.log, lastRoomTest: () => ({ valid: true, test: null, validHours: 4 }) };
    const service = new HearingService(deps as unknown as ConstructorParameters<typeof HearingService>[0]);
    const h = store.createHearing({ caseNumber: '2-504/2026' });
    await service.startHearing({ hearingId: h.id });
    expect(recorder.state()).toMatchObject({ state: 'recording', hearingId: String(h.id) });
    const opened = store.detail(h.id).entries[0]!;
    expect(opened.recordingSessionId).toBe('memory-1');

    const after = await service.cancelHearing({ hearingId: h.id, reason: 'Қате ашылды', author: 'Хатшы' });
    expect(recorder.stops).toBe(1);
    expect(recorder.state().state).toBe('idle');
    expect(after.cancelled).toMatchObject({ by: 'Хатшы', reason: 'Қате ашылды' });
    // The opening stays pinned to its recording session.
    expect(store.detail(h.id).entries[0]).toMatchObject({ kind: 'opened', recordingSessionId: 'memory-1' });
    await expect(service.startRecording({ hearingId: h.id })).rejects.toMatchObject({ code: 'hearing.cancelled' });
    expect(recorder.stops).toBe(1);
  });
});
