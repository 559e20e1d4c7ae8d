import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/core';
import { openTestCore, signInAs, staffOf } from '../support/core';

// A judge reviews any hearing kept on the station; a secretary only those of the station's own courtroom.

let core: Core;
beforeAll(async () => {
  core = await openTestCore();
  await core.call('settings.update', { patch: { courtroom: '№ 5' } }, await staffOf(core));
});
afterAll(() => core?.close());

describe('review across courtrooms', () => {
  it('follows the matrix, then the courtroom', async () => {
    const staff = await staffOf(core);
    const own = await core.call('protocol.createHearing', { caseNumber: '2-1/2026' }, staff);
    const other = await core.call('protocol.createHearing', { caseNumber: '2-2/2026', courtroom: '№ 9' }, staff);
    if (!own.ok || !other.ok) throw new Error('hearings');
    const secretary = await signInAs(core, 'Нұрланова Әйгерім', ['secretary'], '5678');
    const judge = await signInAs(core, 'Әбенов Серік', ['judge'], '2468');
    const technician = await signInAs(core, 'Серіков Марат', ['technician'], '9753');
    const sessions = async (ctx: typeof staff, id: number) => {
      const r = await core.call('review.sessions', { hearingId: id }, ctx);
      return r.ok ? 'ok' : r.error.code;
    };
    const ownId = (own.value as { id: number }).id;
    const otherId = (other.value as { id: number }).id;
    expect(await sessions(secretary, ownId)).toBe('ok');
    expect(await sessions(secretary, otherId)).toBe('review.otherCourtroom');
    expect(await sessions(judge, otherId)).toBe('ok');
    expect(await sessions(technician, ownId)).toBe('auth.forbidden');
    const play = await core.call('review.play', { hearingId: otherId, sessionId: '20260101T000000Z-abcdef', positionMs: 0, channel: null }, secretary);
    expect(!play.ok && play.error.code).toBe('review.otherCourtroom');
  });
});
