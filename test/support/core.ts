import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROLES, type Role } from '../../common/contract/people';
import { createCore, type Core } from '../../main/core/core';
import { createLogger } from '../../main/log/logger';
import { newDoorSession, type CallContext } from '../../main/runtime/handlers';
import { openConfSettings } from '../../main/settings/settings-store';
import { recordPassedRoomTest } from './room-test';
import { tempDir } from './tools';

/** A real core on a fresh (or given) data directory, as `hattama serve` opens it; its room passed a room test just now. */
export async function openTestCore(dir = tempDir(), o: { passedRoomTest?: boolean } = {}): Promise<Core> {
  if (o.passedRoomTest ?? true) recordPassedRoomTest(dir);
  const settings = await openConfSettings(dir);
  const { log, file } = createLogger(dir, { sync: true });
  return createCore({ dataDir: dir, settings, log, logFile: file });
}

export const STAFF_NAME = 'Сынақ Қызметкері';
export const STAFF_PIN = '2468';

const staff = new WeakMap<Core, Promise<CallContext>>();

/**
 * A connection signed in as the station's test officer, who holds every role: added as the
 * station's first person (no sign-in needed for that) the first time a core asks, then signed in
 * with the PIN through `auth.signIn`, as a person would.
 */
export function staffOf(core: Core): Promise<CallContext> {
  let ctx = staff.get(core);
  if (!ctx) {
    ctx = signInAs(core, STAFF_NAME, [...ROLES]);
    staff.set(core, ctx);
  }
  return ctx;
}

/** A new connection signed in as `fullName` (added with `roles` if the station has nobody by that name). */
export async function signInAs(core: Core, fullName: string, roles: Role[], pin = STAFF_PIN): Promise<CallContext> {
  const ctx: CallContext = { transport: 'test', session: newDoorSession() };
  const known = await core.call('auth.people', {}, ctx);
  if (!known.ok) throw new Error(known.error.message);
  if (!(known.value as Array<{ fullName: string }>).some((p) => p.fullName === fullName)) {
    // The test officer is the station's first person; everyone else is added by the officer, an administrator.
    const by = fullName === STAFF_NAME ? ctx : await staffOf(core);
    const added = await core.call('people.add', { fullName, roles, pin }, by);
    if (!added.ok) throw new Error(`people.add: ${added.error.message}`);
  }
  const r = await core.call('auth.signIn', { person: fullName, pin }, ctx);
  if (!r.ok) throw new Error(`auth.signIn: ${r.error.message}`);
  return ctx;
}

/**
 * Adds the test officer (every role) to a data directory with `hattama user add`, as the
 * station's first person, and returns the environment that makes `hattama` act as them. The
 * room passed a room test just now, so hearings open there without a reason.
 */
export function seedStaffCli(dir: string, env: Record<string, string> = {}): Record<string, string> {
  recordPassedRoomTest(dir);
  const pinFile = path.join(dir, 'test-officer.pin');
  fs.writeFileSync(pinFile, `${STAFF_PIN}\n`, { mode: 0o600 });
  const bin = path.resolve(import.meta.dirname, '../../bin/hattama.js');
  const r = spawnSync(process.execPath, [bin, 'user', 'add', '--data', dir, '--name', STAFF_NAME, '--role', ROLES.join(','), '--pin-file', pinFile], {
    encoding: 'utf8',
    env: { ...process.env, ...env, HATTAMA_AS: '', HATTAMA_PIN_FILE: '' },
  });
  if (r.status !== 0) throw new Error(`hattama user add: ${r.stderr}`);
  return { HATTAMA_AS: STAFF_NAME, HATTAMA_PIN_FILE: pinFile };
}
