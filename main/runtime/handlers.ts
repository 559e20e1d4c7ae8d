import type { CallName, CallOutput, ParsedInput } from '../../common/contract/index';
import type { Transport } from '../../common/contract/define';
import type { SignedIn } from '../../common/contract/people';

/**
 * One connection of a door: a desktop window, a browser tab, a control-socket client, one CLI
 * command. It carries its own signed-in person; nothing a client sends can name one.
 */
export interface DoorSession {
  person: SignedIn | null;
  /** Locked by idleness or by request: the person must sign in again (or another may). */
  locked: boolean;
  /** Wall clock of the last call that needed a person (the idle lock counts from it). */
  lastActiveAt: number;
}

export function newDoorSession(): DoorSession {
  return { person: null, locked: false, lastActiveAt: Date.now() };
}

/** Who is calling, through which door. The dispatcher has checked the person's roles before a handler sees it. */
export interface CallContext {
  transport: Transport;
  /** The connection's session; a context without one is a connection nobody signed in on. */
  session?: DoorSession;
}

export type Handler<K extends CallName> = (input: ParsedInput<K>, ctx: CallContext) => Promise<CallOutput<K>> | CallOutput<K>;
export type Handlers = { [K in CallName]: Handler<K> };

/** The signed-in person of a call the dispatcher let through with a role: present by construction. */
export function actor(ctx: CallContext): SignedIn | null {
  return ctx.session && !ctx.session.locked ? ctx.session.person : null;
}

/** The name the core stamps on what a call writes: the signed-in person's (the station's own, for work no person asked for). */
export function authorOf(ctx: CallContext): string {
  return actor(ctx)?.fullName ?? 'station';
}
