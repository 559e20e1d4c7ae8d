import { shell, type Session, type WebContents } from 'electron';
import { isAllowedExternal } from './external-links';
import { APP_ORIGIN, isTrustedFrame, originOf } from './ipc-wiring';

const MEDIA_PERMISSIONS = new Set(['media', 'display-capture', 'fullscreen']);

/**
 * Electron security checklist items that are session-wide: only our own origin gets camera,
 * microphone and screen capture; everything else is denied.
 */
export function lockSession(session: Session): void {
  session.setPermissionRequestHandler((wc, permission, callback, details) => {
    callback(originOf(details.requestingUrl) === APP_ORIGIN && MEDIA_PERMISSIONS.has(permission) && isTrustedFrame(wc.mainFrame));
  });
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => requestingOrigin === APP_ORIGIN && MEDIA_PERMISSIONS.has(permission));
  session.setDevicePermissionHandler(() => false);
}

/** No navigation away from the app, no new windows; https links to the court's own hosts open in the system browser. */
export function lockNavigation(contents: WebContents, externalHosts: () => readonly string[]): void {
  contents.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url, externalHosts())) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
