import { api } from '../core/core-client';
import { authView, lastActivityAt, lastPersonCallAt, lockAfterMs, lockNow, noteActivity, screenOf } from './auth-store';

// The idle lock of this window. The window's own timer is the primary lock: after
// security.lockAfterMinutes without keyboard, mouse or touch activity the screen locks (and
// auth.lock locks the connection in the core). The recording, the hearing and the cameras'
// chunks go on: the status bar, the recording state and video.* are calls the core answers
// while the screen is locked.
//
// The core keeps its own idle clock, counted from the last call that needed a person. While
// the person is active but the screens make no such call (a long note being typed), the window
// tells the core so (auth.touch), so the core does not lock an active person. If the core locks
// anyway (the connection dropped a touch), the screen locks: see docs/ui.md.

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/** Milliseconds until the idle lock (also while another person is choosing to switch), or null when nobody is signed in or the screen is locked. */
export function msUntilLock(now = Date.now()): number | null {
  const screen = screenOf(authView());
  if (screen !== 'in' && screen !== 'switch') return null;
  return Math.max(0, lastActivityAt() + lockAfterMs() - now);
}

export function startIdleLock(): void {
  for (const type of ACTIVITY) window.addEventListener(type, () => noteActivity(), { capture: true, passive: true });
  let keepingAlive = false;
  setInterval(() => {
    const left = msUntilLock();
    if (left === null) return;
    if (left === 0) {
      void lockNow();
      return;
    }
    const person = authView().session?.person;
    const sinceCall = Date.now() - lastPersonCallAt();
    if (!person || keepingAlive || lastActivityAt() <= lastPersonCallAt() || sinceCall < lockAfterMs() / 2) return;
    keepingAlive = true;
    void api().auth.touch({}).finally(() => (keepingAlive = false));
  }, 1000);
}
