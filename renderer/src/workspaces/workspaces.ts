export type WorkspaceId = 'secretary' | 'judge' | 'technician';

/** The three workspaces, in the order of their keyboard shortcuts (Alt+1..3, or 1..3 on the home screen). */
export const WORKSPACES: ReadonlyArray<{ id: WorkspaceId; key: string }> = [
  { id: 'secretary', key: '1' },
  { id: 'judge', key: '2' },
  { id: 'technician', key: '3' },
];
