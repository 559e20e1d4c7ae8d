import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Allowed } from '../../common/contract/hearing';
import type { Hearing } from '../../common/contract/protocol';
import { errorKey } from '../../common/errors';
import type { Core } from '../../main/core/core';
import { translator } from '../../main/i18n/translator';
import type { CallContext } from '../../main/runtime/handlers';
import { openTestCore, staffOf } from '../support/core';

// hearing.allowed through the dispatcher, as the console asks it after every change: what it
// offers is what logEntry then lets through, and a closed hearing's reason names its case.

let core: Core;
let ctx: CallContext;
async function call<T>(name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

beforeAll(async () => {
  core = await openTestCore();
  ctx = await staffOf(core);
  // No sound card here: the hearing opens without a recording, as a court's would.
  await call('settings.update', { patch: { audio: { device: 'hw:99,0' } } });
});
afterAll(() => core?.close());

describe('hearing.allowed', () => {
  it('follows the hearing from scheduled to closed, and the core agrees with every answer', async () => {
    const h = await call<Hearing>('protocol.createHearing', { caseNumber: '2-77/2026' });
    expect((await call<Allowed>('hearing.allowed', { hearingId: h.id })).kinds).toEqual(['opened', 'note']);
    await call('protocol.logEntry', { hearingId: h.id, kind: 'opened' });
    const open = await call<Allowed>('hearing.allowed', { hearingId: h.id });
    expect(open).toMatchObject({ addendum: false, roster: true, refusal: null });
    expect(open.kinds).toContain('recess');
    expect(open.kinds).not.toContain('opened');
    await call('protocol.logEntry', { hearingId: h.id, kind: 'closed' });
    const closed = await call<Allowed>('hearing.allowed', { hearingId: h.id });
    expect(closed).toMatchObject({ kinds: ['note'], addendum: true, roster: true });
    // The reason, as the console shows it: the case number, in the station's language.
    expect(translator('kk')(errorKey(closed.refusal!.code), closed.refusal!.params)).toBe('2-77/2026 ісі бойынша отырыс жабылған: оған тек ескертпе қосуға болады');
    // What it does not offer, the core refuses with the same reason.
    const r = await core.call('protocol.logEntry', { hearingId: h.id, kind: 'recess' }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: closed.refusal!.code } });
  });
});
