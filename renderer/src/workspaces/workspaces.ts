import { ACCESS } from '../../../common/contract/access';
import type { CallName } from '../../../common/contract/index';
import type { SignedIn } from '../../../common/contract/people';

export type WorkspaceId = 'secretary' | 'judge' | 'technician' | 'admin';

/**
 * The workspaces, in the order of their keyboard shortcuts (Alt+1..4, or 1..4 on the home
 * screen). Each is shown to whoever the core lets make its main call (the role matrix in
 * common/contract/access.ts): the screens only hide what the core would refuse anyway.
 */
export const WORKSPACES: ReadonlyArray<{ id: WorkspaceId; key: string; call: CallName }> = [
  { id: 'secretary', key: '1', call: 'protocol.logEntry' },
  { id: 'judge', key: '2', call: 'review.play' },
  { id: 'technician', key: '3', call: 'settings.update' },
  { id: 'admin', key: '4', call: 'people.list' },
];

export function workspacesFor(person: SignedIn | null | undefined): typeof WORKSPACES {
  if (!person) return [];
  return WORKSPACES.filter((w) => {
    const access = ACCESS[w.call];
    return access === 'door' || access.some((r) => person.roles.includes(r));
  });
}
