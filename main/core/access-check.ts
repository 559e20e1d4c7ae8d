import { ACCESS } from '../../common/contract/access';
import type { CallName } from '../../common/contract/index';
import type { Role, SignedIn } from '../../common/contract/people';
import { HattamaError } from '../../common/errors';
import type { CallContext } from '../runtime/handlers';

export interface AccessOptions {
  /** The idle lock, from settings (security.lockAfterMinutes). */
  lockAfterMs: () => number;
  /** The person as the station knows them now: roles changed or a person disabled take effect at the next call. */
  currentPerson: (id: number) => SignedIn | null;
  now?: () => number;
}

/**
 * The role matrix (common/contract/access.ts), checked for every door before any handler runs:
 * nobody signed in is `auth.required`, an idle or locked connection `auth.locked`, a role that
 * does not allow the call `auth.forbidden`.
 */
/** Returns the role that allows the call (null for a door call). */
export function checkAccess(name: CallName, ctx: CallContext, o: AccessOptions): Role | null {
  const access = ACCESS[name];
  if (access === 'door') return null;
  const s = ctx.session;
  if (!s?.person) throw new HattamaError('auth.required');
  const now = o.now?.() ?? Date.now();
  if (now - s.lastActiveAt > o.lockAfterMs()) s.locked = true;
  if (s.locked) throw new HattamaError('auth.locked', { name: s.person.fullName });
  const person = o.currentPerson(s.person.id);
  if (!person) {
    s.person = null;
    throw new HattamaError('auth.required');
  }
  s.person = person;
  const role = access.find((r) => person.roles.includes(r));
  if (!role) {
    // Role keys: whoever renders the message (the core, the CLI in its own language) names them in theirs.
    throw new HattamaError('auth.forbidden', { name: person.fullName, allowedRoles: access.join(',') });
  }
  s.lastActiveAt = now;
  return role;
}
