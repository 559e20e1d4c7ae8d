import type { SignedIn } from '../../../common/contract/people';
import { HattamaError } from '../../../common/errors';
import type { SigningCapacity } from '../../../common/contract/protocol';

/**
 * Who may sign in which capacity, and whose certificate it must be: the secretary signs as
 * secretary, the presiding judge as judge, each only in a role they hold; the certificate's IIN
 * must be the signed-in person's when the station knows it. A client's own expectedIin can only
 * narrow this (it must then agree), never replace the person's.
 */
export function signingAs(person: SignedIn | null, personIin: string | null, input: { capacity?: SigningCapacity; expectedIin?: string }): { capacity?: SigningCapacity; expectedIin?: string } {
  if (!person) throw new HattamaError('auth.required');
  const held = (['secretary', 'judge'] as const).filter((r) => person.roles.includes(r));
  if (input.capacity && !held.includes(input.capacity)) throw new HattamaError('auth.forbidden', { name: person.fullName, allowedRoles: input.capacity });
  if (personIin && input.expectedIin && input.expectedIin !== personIin) {
    throw new HattamaError('protocol.certificateIinMismatch', { expected: personIin, actual: input.expectedIin });
  }
  const capacity = input.capacity ?? (held.length === 1 ? held[0] : undefined);
  const expectedIin = personIin ?? input.expectedIin;
  return { ...(capacity ? { capacity } : {}), ...(expectedIin ? { expectedIin } : {}) };
}
