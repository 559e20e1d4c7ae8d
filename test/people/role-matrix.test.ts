import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS } from '../../common/contract/access';
import { CALL_NAMES } from '../../common/contract/index';
import { ROLES, type Person, type Role } from '../../common/contract/people';
import type { Core } from '../../main/core/core';
import type { CallContext, DoorSession } from '../../main/runtime/handlers';
import { openTestCore, staffOf } from '../support/core';

// The role matrix, all of it: every call of the contract, made signed out and as a person of each
// single role, is let through or refused by the dispatcher exactly as common/contract/access.ts
// says; and docs/roles.md says the same as that table.

const AUTH = new Set(['auth.required', 'auth.forbidden', 'auth.locked']);
let core: Core;
const people = new Map<Role, Person>();

const session = (p: Person | null, over: Partial<DoorSession> = {}): CallContext => ({
  transport: 'test',
  session: { person: p && { id: p.id, fullName: p.fullName, roles: p.roles }, locked: false, lastActiveAt: Date.now(), ...over },
});
const codeOf = async (name: string, ctx: CallContext): Promise<string> => {
  const r = await core.call(name, {}, ctx);
  return r.ok ? 'ok' : r.error.code;
};

beforeAll(async () => {
  core = await openTestCore();
  const staff = await staffOf(core);
  // Calls that would reach real devices or a central fail fast and harmlessly here.
  await core.call('settings.update', { patch: { audio: { device: 'hw:99,0' } } }, staff);
  for (const role of ROLES) {
    const r = await core.call('people.add', { fullName: `Рөл ${role}`, roles: [role], pin: '1357' }, staff);
    if (!r.ok) throw new Error(r.error.message);
    people.set(role, r.value as Person);
  }
});
afterAll(() => core?.close());

describe('the role matrix', () => {
  it('docs/roles.md lists every call with the roles of the table', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/roles.md'), 'utf8');
    const rows = doc.split('\n').filter((l) => l.startsWith('| `'));
    const fromDoc = Object.fromEntries(rows.map((l) => {
      const cells = l.split('|').map((c) => c.trim());
      return [cells[1]!.replace(/`/g, ''), cells.slice(2, 7).join(' ')];
    }));
    const fromTable = Object.fromEntries(CALL_NAMES.map((n) => {
      const a = ACCESS[n];
      return [n, [a === 'door' ? '✓' : '—', ...ROLES.map((r) => (a === 'door' || a.includes(r) ? '✓' : '—'))].join(' ')];
    }));
    expect(fromDoc).toEqual(fromTable);
  });

  it.each(CALL_NAMES)('%s: signed out, and as each role', async (name) => {
    const access = ACCESS[name];
    const signedOut = await codeOf(name, session(null));
    if (access === 'door') expect(AUTH.has(signedOut), signedOut).toBe(false);
    else expect(signedOut).toBe('auth.required');
    for (const role of ROLES) {
      const code = await codeOf(name, session(people.get(role)!));
      const allowed = access === 'door' || access.includes(role);
      if (allowed) expect(AUTH.has(code), `${role}: ${code}`).toBe(false);
      else expect(code, role).toBe('auth.forbidden');
    }
  });
});

describe('a connection that idles, is locked, or whose person is disabled', () => {
  it('locks after the idle time, and when asked to; the person is read afresh on every call', async () => {
    const secretary = people.get('secretary')!;
    const lockMs = 10 * 60_000;
    expect(await codeOf('protocol.hearings', session(secretary, { lastActiveAt: Date.now() - lockMs - 1000 }))).toBe('auth.locked');
    expect(await codeOf('protocol.hearings', session(secretary, { lastActiveAt: Date.now() - lockMs + 60_000 }))).toBe('ok');
    expect(await codeOf('protocol.hearings', session(secretary, { locked: true }))).toBe('auth.locked');
    // Door calls go on through a lock (the status bar, the cameras).
    expect(await codeOf('recording.state', session(secretary, { locked: true }))).toBe('ok');

    const judge = people.get('judge')!;
    const ctx = session(judge);
    expect(await codeOf('protocol.hearings', ctx)).toBe('ok');
    const staff = await staffOf(core);
    await core.call('people.update', { personId: judge.id, roles: ['technician'] }, staff);
    expect(await codeOf('protocol.hearings', ctx)).toBe('auth.forbidden');
    await core.call('people.update', { personId: judge.id, active: false }, staff);
    expect(await codeOf('settings.update', ctx)).toBe('auth.required');
    expect(ctx.session!.person).toBeNull();
  });
});
