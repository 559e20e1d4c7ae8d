import type { Transport } from '../../common/contract/define';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { sessionDir } from '../evidence/session-folder';
import { readSessionFiles } from '../evidence/session-reader';
import { sealedBytes } from './media-seals';

// Media delivery for the judge's review, one mechanism for both runtimes: `hattama serve`
// (Fastify route) and the Electron shell (app:// protocol) both hand the request to
// mediaResponse(), which answers with a standard web Response. A request is served only when
//   - its token was issued by review.sessions for that very session and has not expired,
//   - the file is a closed segment listed in that session's chain or manifest
//     (no other name, no path outside the folder, never a .part, never the key),
// and it honours HTTP Range so the audio element can seek. Files are opened read-only:
// playing never changes the session folder.

export const MEDIA_PREFIX = '/media/';
/** A token lets the page fetch one session's files for this long after review.sessions issued it. */
export const MEDIA_TOKEN_TTL_MS = 4 * 60 * 60 * 1000;

const CONTENT_TYPES: Record<string, string> = { '.wav': 'audio/wav', '.webm': 'video/webm', '.mp4': 'video/mp4', '.flac': 'audio/flac' };

export type MediaRefusal = { ok: false; status: 401 | 403 | 404; reason: 'token' | 'session' | 'file' | 'path' | 'sealed' };
export type MediaResolution =
  | {
      ok: true;
      file: string;
      bytes: number;
      contentType: string;
      sessionId: string;
      name: string;
      /** Bytes of sealed samples the reader may not hear: served as zeros (silence). */
      blank: Array<{ start: number; end: number }>;
    }
  | MediaRefusal;

/** Who a token was issued to: each file they fetch under it is a read of evidence, audited once. */
export interface MediaReader {
  personId: number | null;
  personName: string | null;
  /** The role the reader reviews in (judge, or secretary). */
  role: string | null;
  door: Transport;
  hearingId: number | null;
}

interface Grant {
  sessionId: string;
  expires: number;
  reader: MediaReader | null;
  /** Files already audited under this token (a player asks for many ranges of one file). */
  read: Set<string>;
}

export class MediaAccess {
  private readonly grants = new Map<string, Grant>();
  /** Told of the first bytes of each file served under a token: the core writes it to the access audit. */
  onRead: ((r: { reader: MediaReader | null; sessionId: string; file: string }) => void) | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = MEDIA_TOKEN_TTL_MS,
  ) {}

  /** A token for one session's files, for one reader (reused and extended while valid). */
  grant(sessionId: string, reader: MediaReader | null = null): string {
    const now = this.now();
    for (const [token, g] of this.grants) {
      if (g.expires <= now) this.grants.delete(token);
      else if (g.sessionId === sessionId && g.reader?.personId === reader?.personId && g.reader?.door === reader?.door) {
        g.expires = now + this.ttlMs;
        return token;
      }
    }
    const token = randomBytes(18).toString('base64url');
    this.grants.set(token, { sessionId, expires: now + this.ttlMs, reader, read: new Set() });
    return token;
  }

  /** Records that `name` is being served under `token`; audits it the first time. */
  noteServed(token: string | null, sessionId: string, name: string): void {
    const g = token ? this.grantOf(token) : null;
    if (!g || g.read.has(name)) return;
    g.read.add(name);
    this.onRead?.({ reader: g.reader, sessionId, file: name });
  }

  /** The URL the page uses, relative to its origin (http://127.0.0.1:PORT or app://hattama). */
  url(sessionId: string, file: string, token: string): string {
    return `${MEDIA_PREFIX}${encodeURIComponent(sessionId)}/${encodeURIComponent(file)}?t=${encodeURIComponent(token)}`;
  }

  /** Resolves a request path (`/media/<session>/<file>`) and its token to a file, or a refusal. */
  resolve(pathname: string, token: string | null | undefined): MediaResolution {
    if (!pathname.startsWith(MEDIA_PREFIX)) return { ok: false, status: 404, reason: 'path' };
    const parts = pathname.slice(MEDIA_PREFIX.length).split('/');
    if (parts.length !== 2) return { ok: false, status: 404, reason: 'path' };
    let sessionId: string;
    let name: string;
    try {
      sessionId = decodeURIComponent(parts[0]!);
      name = decodeURIComponent(parts[1]!);
    } catch {
      return { ok: false, status: 404, reason: 'path' };
    }
    // The token first: without it, nothing about the station's sessions is revealed.
    if (!this.tokenFits(token, sessionId)) return { ok: false, status: 401, reason: 'token' };
    const dir = sessionDir(this.dataDir, sessionId);
    const session = dir ? readSessionFiles(this.dataDir, sessionId) : null;
    if (!dir || !session) return { ok: false, status: 404, reason: 'session' };
    if (!session.allowed.has(name)) return { ok: false, status: 404, reason: 'file' };
    const file = path.join(dir, name);
    if (path.dirname(file) !== dir) return { ok: false, status: 404, reason: 'path' };
    let st: fs.Stats;
    try {
      st = fs.lstatSync(file);
    } catch {
      return { ok: false, status: 404, reason: 'file' };
    }
    if (!st.isFile()) return { ok: false, status: 404, reason: 'file' };
    // Sealed ranges: a judge hears them; anyone else gets silence in their place, and no video that shows them.
    const judge = this.grantOf(token!)?.reader?.role === 'judge';
    const blank = judge ? [] : sealedBytes(session, name, file);
    if (blank === 'refuse') return { ok: false, status: 403, reason: 'sealed' };
    return { ok: true, file, bytes: st.size, contentType: CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream', sessionId, name, blank };
  }

  private tokenFits(token: string | null | undefined, sessionId: string): boolean {
    const g = token ? this.grantOf(token) : null;
    return !!g && g.sessionId === sessionId && g.expires > this.now();
  }

  private grantOf(token: string): Grant | null {
    for (const [known, g] of this.grants) {
      const a = Buffer.from(known);
      const b = Buffer.from(token);
      if (a.length === b.length && timingSafeEqual(a, b)) return g;
    }
    return null;
  }
}

export type ByteRange = { start: number; end: number };

/**
 * One `bytes=` range against a file of `size` bytes: the range, 'all' (no or unusable header:
 * send everything), or 'unsatisfiable' (416). Several ranges are answered with the whole file,
 * which RFC 9110 allows; audio elements ask for one.
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | 'all' | 'unsatisfiable' {
  if (!header) return 'all';
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return 'all';
  const [, a, b] = m;
  if (a === '' && b === '') return 'all';
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
    if (b !== '' && Number(b) < start) return 'all';
  }
  if (start >= size || size === 0) return 'unsatisfiable';
  return { start, end };
}

export interface MediaRequest {
  url: string;
  method?: string;
  range?: string | null;
}

/** The whole answer to a media request, as a web Response (Node 20 and Electron both have it). */
export function mediaResponse(access: MediaAccess, req: MediaRequest): Response {
  const u = new URL(req.url, 'http://local');
  const method = (req.method ?? 'GET').toUpperCase();
  const plain = (status: number, text: string, extra: Record<string, string> = {}) =>
    new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra } });
  if (method !== 'GET' && method !== 'HEAD') return plain(405, 'method not allowed', { Allow: 'GET, HEAD' });
  const r = access.resolve(u.pathname, u.searchParams.get('t'));
  if (!r.ok) return plain(r.status, r.status === 401 ? 'unauthorized' : r.status === 403 ? 'sealed' : 'not found');
  const headers: Record<string, string> = {
    'Content-Type': r.contentType,
    'Accept-Ranges': 'bytes',
    // Evidence is fetched fresh under a token, never from a shared cache.
    'Cache-Control': 'private, no-store',
  };
  const range = parseRange(req.range, r.bytes);
  if (range === 'unsatisfiable') return plain(416, 'range not satisfiable', { 'Content-Range': `bytes */${r.bytes}` });
  const { start, end } = range === 'all' ? { start: 0, end: r.bytes - 1 } : range;
  const length = Math.max(0, end - start + 1);
  headers['Content-Length'] = String(length);
  if (range !== 'all') headers['Content-Range'] = `bytes ${start}-${end}/${r.bytes}`;
  const status = range === 'all' ? 200 : 206;
  if (method === 'HEAD' || length === 0) return new Response(null, { status, headers });
  access.noteServed(u.searchParams.get('t'), r.sessionId, r.name);
  const file = fs.createReadStream(r.file, { flags: 'r', start, end });
  const stream = r.blank.length ? file.pipe(blanking(start, r.blank)) : file;
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status, headers });
}

/** Zeroes the bytes of `blank` (file offsets, end exclusive) in a stream that starts at file offset `from`. */
function blanking(from: number, blank: Array<{ start: number; end: number }>): Transform {
  let at = from;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const out = Buffer.from(chunk);
      for (const b of blank) {
        const a = Math.max(b.start, at) - at;
        const z = Math.min(b.end, at + out.length) - at;
        if (z > a) out.fill(0, a, z);
      }
      at += out.length;
      done(null, out);
    },
  });
}
