import fs from 'node:fs';
import path from 'node:path';
import { net, protocol } from 'electron';
import { MEDIA_PREFIX, mediaResponse, type MediaAccess } from '../review/media';
import { CONTENT_SECURITY_POLICY } from '../serve/csp';

// The renderer is served from app://hattama/, a privileged standard scheme of our own: a
// stable origin for the permission and IPC checks, and no file:// access for the page.
export const APP_SCHEME = 'app';

export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** The renderer's files, and (given the core's media access) the review's recordings at app://hattama/media/... */
export function serveRenderer(rendererDir: string, media?: MediaAccess): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'hattama') return new Response('not found', { status: 404 });
    // Same resolver as `hattama serve`: token, only files of the session's chain, HTTP Range.
    if (url.pathname.startsWith(MEDIA_PREFIX)) {
      if (!media) return new Response('not found', { status: 404 });
      return mediaResponse(media, { url: url.pathname + url.search, method: request.method, range: request.headers.get('range') });
    }
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(root, `.${rel}`);
    // No path may leave the renderer folder.
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file)) return new Response('not found', { status: 404 });
    const res = await net.fetch(`file://${file}`);
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}
