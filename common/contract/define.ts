import type { z } from 'zod';

/** One call from the renderer to the core: its input and output schemas and what it does. */
export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  description: string;
}

export function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, description: string): CallSpec<I, O> {
  return { input, output, description };
}

/** One event from the core to the renderer. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  payload: P;
  description: string;
}

export function event<P extends z.ZodType>(payload: P, description: string): EventSpec<P> {
  return { payload, description };
}

/** The doors a call can come through: the desktop window, a browser over the bridge, the local control socket, the CLI in-process, tests. */
export const TRANSPORTS = ['ipc', 'bridge', 'control', 'cli', 'test'] as const;
export type Transport = (typeof TRANSPORTS)[number];
/** Where an audited act came from: a door, or central (a supervisor observing the hearing from the Situation Center). */
export const AUDIT_DOORS = [...TRANSPORTS, 'central'] as const;
export type AuditDoor = (typeof AUDIT_DOORS)[number];
