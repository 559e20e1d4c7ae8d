import { authView, screenOf } from './auth-store';

// While the screen is locked, signed out or switching person, no hotkey acts: the workspaces'
// shortcuts listen on window, and this listener on document (which a key reaches first, after
// the sign-in form's own handlers) stops the key there. The workspaces behind the sign-in screen
// are inert, so they cannot take focus or clicks either.

export function startHotkeyGate(): void {
  document.addEventListener('keydown', (e) => {
    if (screenOf(authView()) === 'in') return;
    e.stopPropagation();
    // Alt+letter would otherwise reach the browser's own menus.
    if (e.altKey) e.preventDefault();
  });
}
