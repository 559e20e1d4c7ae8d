import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardAlarm } from '../../common/contract/app';
import type { Alarm } from '../../common/contract/recording';
import type { Core } from '../../main/core/core';
import type { CallContext } from '../../main/runtime/handlers';
import { openTestCore, signInAs, staffOf } from '../support/core';

// The alarms the secretary's console shows: the same condition raised again is one alarm with a
// count; acknowledging it is each person's own, and the access audit says who did.

let core: Core;
let a: CallContext;
let b: CallContext;
const silence = (channel: number, at: number): Alarm => ({ kind: 'deadMic', channel, role: 'judge', code: 'recording:alarms.deadMic', params: { seconds: 30 }, active: true, at, sessionId: 's1' });
async function call<T>(ctx: CallContext, name: string, input: unknown = {}): Promise<T> {
  const r = await core.call(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.error.code}`);
  return r.value as T;
}

beforeAll(async () => {
  core = await openTestCore();
  a = await staffOf(core);
  b = await signInAs(core, 'Екінші Хатшы', ['secretary']);
});
afterAll(() => core?.close());

describe('the alarm board', () => {
  it('collapses the same condition into one alarm with a count; a cleared one is gone', async () => {
    const pushed: BoardAlarm[][] = [];
    const off = core.events.on('app.alarms', (l) => pushed.push(l));
    core.events.emit('recording.alarm', silence(2, 1000));
    core.events.emit('recording.alarm', silence(2, 2000));
    core.events.emit('recording.alarm', silence(2, 3000));
    core.events.emit('recording.alarm', silence(3, 3000));
    off();
    const up = await call<BoardAlarm[]>(a, 'app.alarms');
    expect(up.map((x) => [x.channel, x.count])).toEqual([[2, 3], [3, 1]]);
    expect(up[0]).toMatchObject({ firstAt: 1000, at: 3000, acknowledgedBy: [] });
    expect(pushed).toHaveLength(4);
    core.events.emit('recording.alarm', { ...silence(3, 4000), active: false });
    expect((await call<BoardAlarm[]>(a, 'app.alarms')).map((x) => x.channel)).toEqual([2]);
  });

  it('is acknowledged once per person, by that person only, and audited', async () => {
    const acked = await call<BoardAlarm>(a, 'app.acknowledgeAlarm', { kind: 'deadMic', channel: 2 });
    expect(acked.acknowledgedBy.map((x) => x.name)).toEqual(['Сынақ Қызметкері']);
    // Again by the same person: still one acknowledgement.
    await call(a, 'app.acknowledgeAlarm', { kind: 'deadMic', channel: 2 });
    const seen = await call<BoardAlarm[]>(b, 'app.alarms');
    expect(seen[0]!.acknowledgedBy.map((x) => x.name)).toEqual(['Сынақ Қызметкері']);
    await call(b, 'app.acknowledgeAlarm', { kind: 'deadMic', channel: 2 });
    expect((await call<BoardAlarm[]>(b, 'app.alarms'))[0]!.acknowledgedBy.map((x) => x.name)).toEqual(['Сынақ Қызметкері', 'Екінші Хатшы']);

    const audit = await call<Array<{ call: string; personName: string | null; outcome: string }>>(a, 'audit.list', {});
    expect(audit.filter((r) => r.call === 'app.acknowledgeAlarm').map((r) => [r.personName, r.outcome])).toEqual([
      ['Сынақ Қызметкері', 'ok'],
      ['Сынақ Қызметкері', 'ok'],
      ['Екінші Хатшы', 'ok'],
    ]);
  });

  it('refuses an alarm that is not up, in the person\'s language, and a door without a person', async () => {
    const r = await core.call('app.acknowledgeAlarm', { kind: 'diskLow', channel: null }, a);
    expect(r).toMatchObject({ ok: false, error: { code: 'app.alarmNotUp' } });
    expect(r.ok ? '' : r.error.message).toContain('ескерту');
    const door = await core.call('app.acknowledgeAlarm', { kind: 'deadMic', channel: 2 }, { transport: 'test' });
    expect(door.ok).toBe(false);
  });
});
