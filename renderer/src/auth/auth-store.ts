import { useSyncExternalStore } from 'react';
import type { Session, SignedIn } from '../../../common/contract/people';
import type { Result } from '../../../common/errors';
import { api, observeCalls, onConnection } from '../core/core-client';

// Who is signed in on this window, as the core last said, and what the screen shows for it.
// The core decides (it answers auth.session, auth.signIn, and refuses calls with auth.required
// or auth.locked); this store only follows its answers, so the screens never hold a rule.

export type Screen = 'loading' | 'signIn' | 'locked' | 'switch' | 'in';

export interface AuthView {
  session: Session | null;
  /** The person the screen was locked for (idle lock, "lock now", or the core's auth.locked). */
  lockedFor: SignedIn | null;
  /** The core's own refusal, shown on the sign-in screen (e.g. locked by the core while typing). */
  notice: string;
  switching: boolean;
}

let view: AuthView = { session: null, lockedFor: null, notice: '', switching: false };
const listeners = new Set<() => void>();
/** Wall clock of the last keyboard, mouse or touch activity in this window. */
let lastActivity = Date.now();
/** Wall clock of the last call the core counted for its own idle clock. */
let lastPersonCall = Date.now();

function set(patch: Partial<AuthView>): void {
  view = { ...view, ...patch };
  for (const l of listeners) l();
}

export function authView(): AuthView {
  return view;
}

export function screenOf(v: AuthView): Screen {
  if (!v.session) return 'loading';
  if (v.lockedFor) return 'locked';
  if (!v.session.person) return 'signIn';
  return v.switching ? 'switch' : 'in';
}

export function useAuth(): AuthView {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => view,
  );
}

export function noteActivity(at = Date.now()): void {
  lastActivity = at;
}
export function lastActivityAt(): number {
  return lastActivity;
}
export function lastPersonCallAt(): number {
  return lastPersonCall;
}

export function lockAfterMs(): number {
  return (view.session?.lockAfterMinutes ?? 10) * 60_000;
}

export async function loadSession(): Promise<void> {
  const r = await api().auth.session({});
  // A connection the core holds locked shows the lock screen for its person.
  if (r.ok) set({ session: r.value, ...(r.value.locked ? { lockedFor: r.value.person } : {}), ...(r.value.person ? {} : { switching: false }) });
}

/** Signs in on this connection (also over another signed-in person: switching keeps the recording going). */
export async function signIn(person: number | string, pin: string): Promise<Result<Session>> {
  const r = await api().auth.signIn({ person, pin });
  if (r.ok) {
    lastActivity = lastPersonCall = Date.now();
    set({ session: r.value, lockedFor: null, notice: '', switching: false });
  }
  return r;
}

export async function signOut(): Promise<void> {
  const r = await api().auth.signOut({});
  if (r.ok) set({ session: r.value, lockedFor: null, notice: '', switching: false });
}

/** Locks the screen for the signed-in person; the core locks the connection too. */
export async function lockNow(notice = ''): Promise<void> {
  const person = view.session?.person ?? view.lockedFor;
  if (!person) return;
  set({ lockedFor: person, notice, switching: false });
  const r = await api().auth.lock({});
  if (r.ok) set({ session: r.value });
}

export function beginSwitch(): void {
  set({ switching: true, notice: '' });
}
export function cancelSwitch(): void {
  set({ switching: false });
}

/** Follows the core's refusals, its idle clock, reconnections and the idle-lock setting. Called once, at startup. */
export function startAuth(): void {
  observeCalls({
    refused(code, message) {
      if (code === 'auth.locked') {
        // The core's idle clock counts from the last call that needed a person; a person who
        // typed a long note without any such call can be locked there first. The screen locks
        // anyway (the draft stays where it was) and the person enters the PIN again.
        if (!view.lockedFor) void lockNow(message);
      } else {
        set({ session: view.session ? { ...view.session, person: null } : null, lockedFor: null, notice: message, switching: false });
      }
    },
    personCall() {
      lastPersonCall = Date.now();
    },
  });
  let wasConnected = false;
  onConnection((s) => {
    if (s === 'connected' && wasConnected) {
      // A new connection carries nobody: the core restarted or the socket dropped.
      set({ lockedFor: null, switching: false });
      void loadSession();
    }
    if (s === 'connected') wasConnected = true;
  });
  api().on.settings.changed((s) => {
    if (view.session && view.session.lockAfterMinutes !== s.security.lockAfterMinutes) set({ session: { ...view.session, lockAfterMinutes: s.security.lockAfterMinutes } });
  });
  void loadSession();
}
