import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { CentralDb } from './schema';
import { CentralError, nowIso, sha256Hex } from './errors';

// The people who sign in to the Situation Center: supervisors (watch, acknowledge flags) and
// administrators (also the audit and the metrics). Passwords are kept as scrypt hashes only;
// a browser's session is a random token in an HttpOnly cookie, kept here as its SHA-256.

export const USER_ROLES = ['supervisor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const SESSION_HOURS = 12;
const SCRYPT = { N: 32768, r: 8, p: 1, keylen: 32 };

const scrypt = (password: string, salt: Buffer, o: ScryptOptions & { keylen: number }) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password.normalize('NFC'), salt, o.keylen, { N: o.N, r: o.r, p: o.p, maxmem: 128 * o.N! * o.r! * 2 }, (e, k) => (e ? reject(e) : resolve(k))));

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64url');
  const got = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p), keylen: want.length });
  return got.length === want.length && timingSafeEqual(got, want);
}

/** Compared against when the login is unknown, so that the answer takes as long either way. */
let decoy: Promise<string> | undefined;

export const LoginSchemaRe = /^[A-Za-z0-9._@-]{2,64}$/;

export async function addUser(db: CentralDb, u: { login: string; name: string; role: UserRole; password: string }): Promise<void> {
  if (!LoginSchemaRe.test(u.login)) throw new CentralError(400, 'bad_request', 'login: 2–64 letters, digits, . _ @ -');
  if (!(USER_ROLES as readonly string[]).includes(u.role)) throw new CentralError(400, 'bad_request', `role: one of ${USER_ROLES.join(', ')}`);
  if (u.password.length < 10) throw new CentralError(400, 'bad_request', 'password: at least 10 characters');
  const row = { login: u.login, name: u.name || u.login, role: u.role, password_hash: await hashPassword(u.password), created_at: nowIso(), disabled_at: null };
  await db.insertInto('users').values(row).onConflict((oc) => oc.column('login').doUpdateSet({ name: row.name, role: row.role, password_hash: row.password_hash, disabled_at: null })).execute();
  // A changed password or role ends the sessions signed in with the old one.
  await db.deleteFrom('web_sessions').where('login', '=', u.login).execute();
}

export async function disableUser(db: CentralDb, login: string): Promise<boolean> {
  const r = await db.updateTable('users').set({ disabled_at: nowIso() }).where('login', '=', login).executeTakeFirst();
  await db.deleteFrom('web_sessions').where('login', '=', login).execute();
  return Number(r.numUpdatedRows) > 0;
}

export async function listUsers(db: CentralDb) {
  return db.selectFrom('users').select(['login', 'name', 'role', 'created_at', 'disabled_at']).orderBy('login').execute();
}

export interface SignedIn {
  login: string;
  name: string;
  role: UserRole;
}

/** Checks a login and password; a new session token on success, null otherwise. */
export async function signIn(db: CentralDb, login: string, password: string): Promise<{ token: string; user: SignedIn } | null> {
  const u = await db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
  if (!u || u.disabled_at) {
    await verifyPassword(password, await (decoy ??= hashPassword(randomBytes(12).toString('hex'))));
    return null;
  }
  if (!(await verifyPassword(password, u.password_hash))) return null;
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  await db.deleteFrom('web_sessions').where('expires_at', '<', new Date(now).toISOString()).execute();
  await db.insertInto('web_sessions').values({ token_hash: sha256Hex(token), login: u.login, created_at: new Date(now).toISOString(), expires_at: new Date(now + SESSION_HOURS * 3_600_000).toISOString() }).execute();
  return { token, user: { login: u.login, name: u.name, role: u.role } };
}

export async function sessionUser(db: CentralDb, token: string): Promise<SignedIn | null> {
  const r = await db
    .selectFrom('web_sessions')
    .innerJoin('users', 'users.login', 'web_sessions.login')
    .select(['users.login', 'users.name', 'users.role', 'users.disabled_at', 'web_sessions.expires_at'])
    .where('web_sessions.token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!r || r.disabled_at || Date.parse(r.expires_at) < Date.now()) return null;
  return { login: r.login, name: r.name, role: r.role };
}

export async function signOut(db: CentralDb, token: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('token_hash', '=', sha256Hex(token)).execute();
}
