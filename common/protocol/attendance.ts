import type { z } from 'zod';
import type { Attendance, RemoteVia } from './kinds';

// The way of participation belongs to a remote participant only: a program named for someone
// who is in the courtroom (or absent) is a slip the protocol would print, so it is refused, by
// the contract for every door and by the store for the core's own callers.

export interface WayOfParticipation {
  attendance?: Attendance;
  via?: RemoteVia;
  /** Cleaned already; empty means not stated. */
  app?: string;
}

/** The message key of each refusal (protocol:errors.*), shared by the contract and the store. */
export const WAY_ERRORS = { via: 'viaOnlyRemote', app: 'appOnlyRemote' } as const;

/** What is wrong with a way of participation given with this attendance: the fields to refuse. */
export function wayMisplaced(v: WayOfParticipation): Array<keyof typeof WAY_ERRORS> {
  if (v.attendance === 'remote') return [];
  const bad: Array<keyof typeof WAY_ERRORS> = [];
  if (v.via !== undefined) bad.push('via');
  if (v.app !== undefined && v.app !== '') bad.push('app');
  return bad;
}

/** zod superRefine: each misplaced field named, its message translated (common/validation.ts). */
export function refineWayOfParticipation(v: WayOfParticipation, ctx: z.RefinementCtx): void {
  for (const field of wayMisplaced(v)) ctx.addIssue({ code: 'custom', path: [field], message: `protocol:errors.${WAY_ERRORS[field]}` });
}

/** The stored way: via and app for a remote participant (videoconference unless said), none otherwise. */
export function storedWay(v: WayOfParticipation): { via: RemoteVia | null; app: string | null } {
  if (v.attendance !== 'remote') return { via: null, app: null };
  return { via: v.via ?? 'videoconference', app: v.app ? v.app : null };
}
