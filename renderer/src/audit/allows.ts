import { ACCESS } from '../../../common/contract/access';
import type { CallName } from '../../../common/contract/index';
import type { SignedIn } from '../../../common/contract/people';

/** Whether the role matrix lets this person make the call: the screens hide what the core would refuse anyway. */
export function allows(person: SignedIn | null | undefined, call: CallName): boolean {
  if (!person) return false;
  const access = ACCESS[call];
  return access === 'door' || access.some((r) => person.roles.includes(r));
}
