import { afterEach, describe, expect, it } from 'vitest';
import type { Person, Session } from '../../common/contract/people';
import type { Core } from '../../main/core/core';
import { newDoorSession, type CallContext } from '../../main/runtime/handlers';
import { openTestCore } from '../support/core';

// The first person, then sign-in by PIN on one connection at a time, the lock-out after five
// wrong PINs, and who the core stamps on what is written.

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});
const conn = (): CallContext => ({ transport: 'test', session: newDoorSession() });
async function code(name: string, input: unknown, ctx: CallContext): Promise<string> {
  const r = await core!.call(name, input, ctx);
  return r.ok ? 'ok' : r.error.code;
}
async function value<T>(name: string, input: unknown, ctx: CallContext): Promise<T> {
  const r = await core!.call(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

describe('people and sign-in', () => {
  it('the first person must be an administrator or technician and needs no sign-in; after that only an administrator adds', async () => {
    core = await openTestCore();
    const anyone = conn();
    expect((await value<Session>('auth.session', {}, anyone)).bootstrap).toBe(true);
    expect(await code('people.add', { fullName: 'Нұрланова Әйгерім', roles: ['secretary'], pin: '1234' }, anyone)).toBe('people.firstMustBeAdmin');
    const admin = await value<Person>('people.add', { fullName: 'Әкімші Асқар', roles: ['administrator'], pin: '1234', iin: '900101500129' }, anyone);
    expect(admin).toMatchObject({ id: 1, roles: ['administrator'], active: true, iin: '900101500129' });
    expect(JSON.stringify(admin)).not.toContain('1234');
    expect(await code('people.add', { fullName: 'Басқа', roles: ['administrator'], pin: '1234' }, anyone)).toBe('auth.required');

    await value('auth.signIn', { person: 'Әкімші Асқар', pin: '1234' }, anyone);
    expect(await code('people.add', { fullName: 'Жалған ЖСН', roles: ['judge'], pin: '1234', iin: '900101500128' }, anyone)).toBe('app.invalidInput');
    const secretary = await value<Person>('people.add', { fullName: 'Нұрланова Әйгерім', roles: ['secretary'], pin: '5678' }, anyone);
    const sec = conn();
    await value('auth.signIn', { person: secretary.id, pin: '5678' }, sec);
    expect(await code('people.add', { fullName: 'Тағы', roles: ['secretary'], pin: '1111' }, sec)).toBe('auth.forbidden');
    expect(await code('people.update', { personId: admin.id, active: false }, anyone)).toBe('people.lastAdministrator');
  });

  it('five wrong PINs lock the person out for five minutes; the administrator sets a new PIN', async () => {
    core = await openTestCore();
    const admin = conn();
    await value('people.add', { fullName: 'Әкімші Асқар', roles: ['administrator', 'technician'], pin: '1234' }, admin);
    await value('auth.signIn', { person: 'Әкімші Асқар', pin: '1234' }, admin);
    const judge = await value<Person>('people.add', { fullName: 'Әбенов Серік', roles: ['judge'], pin: '2468' }, admin);
    const tries = conn();
    const left: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await core.call('auth.signIn', { person: judge.id, pin: '0000' }, tries);
      left.push(!r.ok && r.error.params?.left);
    }
    expect(left).toEqual([4, 3, 2, 1]);
    expect(await code('auth.signIn', { person: judge.id, pin: '0000' }, tries)).toBe('auth.lockedOut');
    // Locked out: even the right PIN is refused, and the refusal says until when.
    const r = await core.call('auth.signIn', { person: judge.id, pin: '2468' }, tries);
    expect(!r.ok && r.error.code).toBe('auth.lockedOut');
    expect(!r.ok && r.error.message).toMatch(/сағат \d\d:\d\d дейін/);
    expect((await value<Person[]>('people.list', {}, admin)).find((p) => p.id === judge.id)?.lockedUntil).not.toBeNull();
    await value('people.setPin', { personId: judge.id, pin: '1357' }, admin);
    expect((await value<Session>('auth.signIn', { person: judge.id, pin: '1357' }, tries)).person).toMatchObject({ fullName: 'Әбенов Серік', roles: ['judge'] });
  });

  it('the core stamps the signed-in person on what is written; two connections are two people; signing out ends it', async () => {
    core = await openTestCore();
    const admin = conn();
    await value('people.add', { fullName: 'Әкімші Асқар', roles: ['administrator'], pin: '1234' }, admin);
    await value('auth.signIn', { person: 'Әкімші Асқар', pin: '1234' }, admin);
    await value('people.add', { fullName: 'Нұрланова Әйгерім', roles: ['secretary'], pin: '5678' }, admin);
    await value('people.add', { fullName: 'Әбенов Серік', roles: ['judge', 'secretary'], pin: '2468' }, admin);
    const a = conn();
    const b = conn();
    await value('auth.signIn', { person: 'Нұрланова Әйгерім', pin: '5678' }, a);
    await value('auth.signIn', { person: 'Әбенов Серік', pin: '2468' }, b);
    const h = await value<{ id: number }>('protocol.createHearing', { caseNumber: '2-9/2026' }, a);
    const e1 = await value<{ author: string; id: number }>('protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'Хатшының ескертпесі' }, a);
    const e2 = await value<{ author: string }>('protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'Судьяның ескертпесі' }, b);
    expect([e1.author, e2.author]).toEqual(['Нұрланова Әйгерім', 'Әбенов Серік']);
    const edited = await value<{ author: string }>('protocol.editEntry', { entryId: e1.id, text: 'Түзетілді' }, b);
    expect(edited).toBeTruthy();
    const audit = await value<Array<{ actor: string; action: string }>>('protocol.audit', { hearingId: h.id }, b);
    expect(audit.map((r) => `${r.action}:${r.actor}`)).toEqual(['hearing.create:Нұрланова Әйгерім', 'entry.add:Нұрланова Әйгерім', 'entry.add:Әбенов Серік', 'entry.edit:Әбенов Серік']);
    expect(await code('protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'x', author: 'Судья' }, a)).toBe('app.invalidInput');
    await value('auth.signOut', {}, a);
    expect(await code('protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'x' }, a)).toBe('auth.required');
    expect(await code('protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'y' }, b)).toBe('ok');
  });
});
