import { describe, expect, it } from 'vitest';
import { roomDay } from '../../central/sc-room-data';
import { loadRooms } from '../../central/situation-load';
import { assessRoom, DEFAULT_THRESHOLDS } from '../../central/situation-rules';
import type { Hearing } from '../../common/contract/protocol';
import { ProtocolStore } from '../../main/protocol/store';
import { centralWithStation, pushOutbox } from '../support/outbox-central';
import { ok, openCore } from '../protocol/helpers';
import { closedAfterEach } from '../support/closed-after';

// A hearing cancelled on the station, as its outbox holds it, through central's ingest: central
// keeps who, when and why (and the header's session mode and language), and the Situation Center
// neither expects it (late start) nor watches it as open (unrecorded), and shows it as cancelled.

const keep = closedAfterEach();

describe('a cancelled hearing on central', () => {
  it('is kept with its reason and header, is neither late nor open for the Situation Center, and its room page says it was cancelled', async () => {
    const c = keep(await openCore());
    const stationId = 'st-cancel-1';
    const now = Date.now();
    const startsAt = new Date(now - 60 * 60_000).toISOString();
    const db = keep(await centralWithStation(stationId, new Date(now - 86_400_000)));
    // On central's schedule an hour ago, never opened: late, until its station cancels it.
    await db.db.insertInto('schedule').values({ hearing_id: 'ext-cancel-1', court: 'Court', courtroom: 'Room', case_number: '2-601/2026', title: '', judge: 'Судья', starts_at: startsAt, cancelled: 0, version: 1 }).execute();

    const store = new ProtocolStore(c.db);
    const scheduled = store.createHearing({ caseNumber: '2-601/2026', externalId: 'ext-cancel-1', source: 'schedule', scheduledStart: startsAt, court: 'Court', courtroom: 'Room' });
    const adhoc = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-602/2026' });
    await ok(c, 'protocol.updateHearing', { hearingId: adhoc.id, patch: { sessionMode: 'closed', proceedingsLanguage: 'ru' } });
    await ok(c, 'protocol.startHearing', { hearingId: adhoc.id });
    await pushOutbox(c, db, stationId);

    const before = (await loadRooms(db.db, now)).find((r) => r.station.stationId === stationId)!;
    expect(before.open?.caseNumber).toBe('2-602/2026');
    expect(assessRoom(before, now, DEFAULT_THRESHOLDS).findings.map((f) => f.kind)).toContain('late-start');

    const a = await ok<Hearing>(c, 'protocol.cancelHearing', { hearingId: adhoc.id, reason: 'Отырыс қате ашылды' });
    await ok(c, 'protocol.cancelHearing', { hearingId: scheduled.id, reason: 'Іс басқа сотқа берілді' });
    await pushOutbox(c, db, stationId);

    const row = await db.db.selectFrom('protocol_hearings').selectAll().where('station_id', '=', stationId).where('hearing_uid', '=', adhoc.uid).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ session_mode: 'closed', proceedings_language: 'ru', cancelled_at: a.cancelled!.at, cancelled_by: a.cancelled!.by, cancel_reason: 'Отырыс қате ашылды' });

    const after = (await loadRooms(db.db, now)).find((r) => r.station.stationId === stationId)!;
    expect(after.open).toBeNull();
    const view = assessRoom(after, now, DEFAULT_THRESHOLDS);
    expect(view.findings.map((f) => f.kind)).not.toContain('late-start');
    expect(view.findings.map((f) => f.kind)).not.toContain('no-recording');

    const day = await roomDay(db.db, { stationId, court: 'Court', courtroom: 'Room' }, now, () => true);
    expect(day.hearings.find((h) => h.hearingId === 'ext-cancel-1')).toMatchObject({ cancelReason: 'Іс басқа сотқа берілді' });
    expect(day.hearings.find((h) => h.caseNumber === '2-602/2026')).toMatchObject({ cancelReason: 'Отырыс қате ашылды' });
  });
});
