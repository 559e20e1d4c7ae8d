import { createHash, timingSafeEqual } from 'node:crypto';
import { CentralError } from './errors';

// The administrator of central: the admin token (DATA/admin-token), sent as a Bearer token by
// scripts, or as the password of HTTP Basic authentication by a browser opening the Situation
// Center page (any user name). Compared in constant time, as hashes.

export const ADMIN_REALM = 'Hattama central';

export function adminCheck(adminToken: string): (authorization: string | undefined) => void {
  const expected = createHash('sha256').update(adminToken).digest();
  return (authorization) => {
    const header = authorization ?? '';
    let given: string | null = null;
    const bearer = /^Bearer (.+)$/.exec(header);
    if (bearer) given = bearer[1]!;
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      given = colon >= 0 ? decoded.slice(colon + 1) : null;
    }
    const hash = createHash('sha256').update(given ?? '').digest();
    if (given === null || !timingSafeEqual(hash, expected)) throw new CentralError(401, 'unauthorized', 'admin token required');
  };
}
