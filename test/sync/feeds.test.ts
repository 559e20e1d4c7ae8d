import { newDoorSession } from '../../main/runtime/handlers';
import { staffOf } from '../support/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { SyncState } from '../../common/contract/sync';
import { createCore, type Core } from '../../main/core/core';
import { createLogger } from '../../main/log/logger';
import { openConfSettings } from '../../main/settings/settings-store';
import { startCentral, type CentralProcess } from '../support/central-process';
import { waitFor } from '../support/station';
import { tempDir } from '../support/tools';

// Feeds: a schedule change and a remark made on central reach the station after one sync,
// seen through the station's contract calls; the secretary's decision on a remark goes back.

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function call<T>(core: Core, name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input, await staffOf(core));
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/**
 * A sync cycle that started after everything the test did so far. A cycle the worker began on its
 * own before (it starts at enrollment) may end after sync.now and look like the asked one while it
 * pulled the feeds before the test's last change: so two rounds, the second begun after the first.
 */
async function syncOnce(core: Core): Promise<void> {
  for (let round = 0; round < 2; round++) {
    const before = Date.now();
    await call(core, 'sync.now', {});
    await waitFor('a successful sync', async () => {
      const s = await call<SyncState>(core, 'sync.state', {});
      return !!s.lastSuccessAt && Date.parse(s.lastSuccessAt) >= before && s.queueLength === 0;
    }, 30_000);
  }
}

describe('feeds through the station core', () => {
  let central: CentralProcess;
  let core: Core;

  it('enrolls through the contract, then receives schedule changes and remarks, and sends decisions back', async () => {
    central = await startCentral({ data: tempDir('hattama-central-') });
    cleanups.push(() => central.stop());
    const dir = tempDir('hattama-station-');
    const settings = await openConfSettings(dir);
    const { log, file } = createLogger(dir, { sync: true });
    core = await createCore({ dataDir: dir, settings, log, logFile: file });
    cleanups.push(() => core.close());

    const notEnrolled = await call<SyncState>(core, 'sync.state', {});
    expect(notEnrolled).toMatchObject({ enrolled: false, running: false });
    const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', { court: 'Astana city court', courtroom: 'Room 12' });
    const bad = await core.call('sync.enroll', { centralUrl: central.url, code: 'WRONG-CODE' }, await staffOf(core));
    expect(bad.ok || bad.error.code).toBe('sync.codeInvalid');
    const enrolled = await call<{ stationId: string; courtroom: string }>(core, 'sync.enroll', { centralUrl: central.url, code: code.code });
    expect(enrolled.courtroom).toBe('Room 12');
    expect(settings.get()).toMatchObject({ centralUrl: central.url, courtroom: 'Room 12', court: 'Astana city court' });

    const states: SyncState[] = [];
    core.events.on('sync.state', (s) => states.push(s));
    const startsAt = '2026-12-01T04:00:00.000Z';
    await central.admin('PUT', '/admin/schedule', { hearingId: 'CASE-77', court: 'Astana city court', courtroom: 'Room 12', caseNumber: '2-77/2026', judge: 'Judge Aliyeva', title: 'Loan dispute', startsAt });
    await central.admin('PUT', '/admin/schedule', { hearingId: 'OTHER-ROOM', court: 'Astana city court', courtroom: 'Room 3', caseNumber: '2-78/2026', startsAt });
    await central.admin('PUT', '/admin/directory', { users: [{ userId: 'u1', name: 'Aliyeva A.', role: 'judge', court: 'Astana city court' }] });
    const { json: remark } = await central.admin<{ remarkId: string }>('POST', '/admin/remarks', { hearingId: 'CASE-77', author: 'Defence counsel', text: 'The protocol omits the objection at 10:42.' });

    await syncOnce(core);
    const schedule = await call<Array<{ hearingId: string; startsAt: string }>>(core, 'sync.schedule', {});
    expect(schedule.map((s) => s.hearingId)).toEqual(['CASE-77']);
    const hearings = await call<Array<{ externalId: string | null; scheduledStart: string | null; id: number }>>(core, 'protocol.hearings', { scope: 'all' });
    const h = hearings.find((x) => x.externalId === 'CASE-77');
    expect(h?.scheduledStart).toBe(startsAt);
    expect(await call(core, 'sync.directory', {})).toEqual([expect.objectContaining({ userId: 'u1', name: 'Aliyeva A.', role: 'judge' })]);
    // The directory's judge is one of the station's people now, from central, without a PIN until an administrator sets one.
    const people = await call<Array<{ fullName: string; roles: string[]; source: string }>>(core, 'people.list', {});
    expect(people).toEqual(expect.arrayContaining([expect.objectContaining({ fullName: 'Aliyeva A.', roles: ['judge'], source: 'central' })]));
    const noPin = await core.call('auth.signIn', { person: 'Aliyeva A.', pin: '0000' }, { transport: 'test', session: newDoorSession() });
    expect(!noPin.ok && noPin.error.code).toBe('auth.noPin');
    const remarks = await call<Array<{ remarkId: string; status: string }>>(core, 'sync.remarks', { hearingId: 'CASE-77' });
    expect(remarks).toEqual([expect.objectContaining({ remarkId: remark.remarkId, status: 'pending', text: 'The protocol omits the objection at 10:42.' })]);
    // the protocol's own hearing id finds the same remarks
    expect(await call<unknown[]>(core, 'sync.remarks', { hearingId: String(h!.id) })).toHaveLength(1);

    // A schedule change on central: one more sync and the station has it.
    const moved = '2026-12-01T06:30:00.000Z';
    await central.admin('PUT', '/admin/schedule', { hearingId: 'CASE-77', court: 'Astana city court', courtroom: 'Room 12', caseNumber: '2-77/2026', judge: 'Judge Aliyeva', startsAt: moved });
    await syncOnce(core);
    expect((await call<Array<{ startsAt: string }>>(core, 'sync.schedule', {}))[0]!.startsAt).toBe(moved);
    const again = await call<Array<{ externalId: string | null; scheduledStart: string | null }>>(core, 'protocol.hearings', { scope: 'all' });
    expect(again.find((x) => x.externalId === 'CASE-77')?.scheduledStart).toBe(moved);

    // The secretary rejects the remark with a reason; central learns it with the next sync.
    const noReason = await core.call('sync.decideRemark', { remarkId: remark.remarkId, decision: 'rejected' }, await staffOf(core));
    expect(noReason.ok).toBe(false);
    const decided = await call<{ status: string; syncedDecision: boolean }>(core, 'sync.decideRemark', { remarkId: remark.remarkId, decision: 'rejected', reason: 'The objection is recorded at 10:43.' });
    expect(decided).toMatchObject({ status: 'rejected', syncedDecision: false });
    await syncOnce(core);
    await waitFor('decision on central', async () => (await central.admin<{ status: string }>('GET', `/admin/remarks/${remark.remarkId}`)).json.status === 'rejected', 10_000);
    expect((await central.admin<{ reason: string }>('GET', `/admin/remarks/${remark.remarkId}`)).json.reason).toBe('The objection is recorded at 10:43.');
    await syncOnce(core);
    expect((await call<Array<{ syncedDecision: boolean; status: string }>>(core, 'sync.remarks', { hearingId: 'CASE-77' }))[0]).toMatchObject({ status: 'rejected', syncedDecision: true });

    expect(states.length).toBeGreaterThan(0);
    expect(states.at(-1)).toMatchObject({ enrolled: true, running: true, online: true });
    // the heartbeat reached central
    const { json: stations } = await central.admin<Array<{ stationId: string; state: unknown }>>('GET', '/admin/stations');
    expect(stations.find((s) => s.stationId === enrolled.stationId)?.state).toBeTruthy();
  });
});
