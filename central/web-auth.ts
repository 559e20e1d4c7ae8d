import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CentralDb } from './schema';
import { isLang, type ScLang } from './sc-i18n';
import { sessionUser, SESSION_HOURS, type SignedIn, type UserRole } from './users';

// Who is asking, for every Situation Center route: a browser's session cookie (HttpOnly,
// SameSite=Strict), or the admin token (scripts, Prometheus) standing for an administrator.
// Roles are checked on every route; nothing is cached across requests.

export const SESSION_COOKIE = 'hattama_session';
export const LANG_COOKIE = 'hattama_lang';

export function cookies(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_HOURS * 3600}${secure ? '; Secure' : ''}`;
}
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** The page's language: ?lang= (remembered in a cookie), else the cookie, else Kazakh. */
export function langOf(req: FastifyRequest, reply: FastifyReply, secure: boolean): ScLang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLang(q)) {
    reply.header('set-cookie', `${LANG_COOKIE}=${q}; Path=/; SameSite=Strict; Max-Age=31536000${secure ? '; Secure' : ''}`);
    return q;
  }
  const c = cookies(req)[LANG_COOKIE];
  return isLang(c) ? c : 'kk';
}

export interface WebAuth {
  /** The person behind the request, or null. */
  who(req: FastifyRequest): Promise<SignedIn | null>;
}

export function webAuth(db: CentralDb, isAdminToken: (authorization: string | undefined) => boolean): WebAuth {
  return {
    async who(req) {
      const token = cookies(req)[SESSION_COOKIE];
      if (token && /^[A-Za-z0-9_-]{20,100}$/.test(token)) {
        const u = await sessionUser(db, token);
        if (u) return u;
      }
      if (req.headers.authorization && isAdminToken(req.headers.authorization)) return { login: 'admin-token', name: 'admin-token', role: 'admin' };
      return null;
    },
  };
}

export const ROLES_WATCH: readonly UserRole[] = ['supervisor', 'admin'];
export const ROLES_ADMIN: readonly UserRole[] = ['admin'];

/** A form post from another site's page is refused (SameSite=Strict keeps the cookie off it too). */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
