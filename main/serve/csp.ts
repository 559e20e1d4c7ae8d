// One Content-Security-Policy for the UI, wherever it is served from (Electron's app:// protocol
// or `hattama serve`). No inline scripts, no eval, no remote origins: the UI talks only to its
// own origin (the browser bridge's WebSocket is same-origin).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
