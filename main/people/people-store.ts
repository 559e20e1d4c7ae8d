import type { Person, Role, SignedIn } from '../../common/contract/people';
import { HattamaError } from '../../common/errors';
import type { Db } from '../db/database';
import { hashPin, verifyPin } from './pin';

// The people table, and the PIN check with its lock-out: five wrong PINs in a row keep the
// person out for five minutes (the count survives a restart, so a reboot does not reset it).

export const MAX_WRONG_PINS = 5;
export const LOCKOUT_MS = 5 * 60_000;

interface PersonRow {
  id: number;
  full_name: string;
  iin: string | null;
  roles: string;
  pin_hash: string;
  cert_fingerprint: string | null;
  active: number;
  source: 'local' | 'central';
  failed_pins: number;
  locked_until: string | null;
}

const toPerson = (r: PersonRow): Person => ({
  id: r.id,
  fullName: r.full_name,
  iin: r.iin,
  roles: JSON.parse(r.roles) as Role[],
  active: r.active === 1,
  certFingerprint: r.cert_fingerprint,
  source: r.source,
  lockedUntil: r.locked_until,
});

export interface NewPerson {
  fullName: string;
  roles: Role[];
  pin: string;
  iin?: string;
  certFingerprint?: string;
}

export type PersonPatch = { fullName?: string; roles?: Role[]; iin?: string | null; certFingerprint?: string | null; active?: boolean };

export type PinCheck = { ok: true; person: SignedIn } | { ok: false; code: 'auth.wrongPin' | 'auth.lockedOut' | 'auth.inactive' | 'auth.noPin'; params: Record<string, string | number> };

export class PeopleStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM people').get()!.n;
  }

  list(): Person[] {
    return this.db
      .prepare<[], PersonRow>('SELECT * FROM people')
      .all()
      .map(toPerson)
      .sort((a, b) => a.fullName.localeCompare(b.fullName, 'kk') || a.id - b.id);
  }

  get(id: number): Person {
    return toPerson(this.row(id));
  }

  /** The person as a connection acts for them, or null when they are gone or inactive (roles read afresh on every call). */
  signedIn(id: number): SignedIn | null {
    const r = this.db.prepare<[number], PersonRow>('SELECT * FROM people WHERE id = ?').get(id);
    return r && r.active ? { id: r.id, fullName: r.full_name, roles: JSON.parse(r.roles) as Role[] } : null;
  }

  /** By id, or by full name (case-insensitive): the CLI's --as and the sign-in screen. */
  find(who: number | string): Person {
    if (typeof who === 'number' || /^\d+$/.test(who)) return this.get(Number(who));
    // SQLite's NOCASE folds ASCII only: Kazakh and Russian names are compared here, letter case folded.
    const want = fold(who);
    const rows = this.db.prepare<[], PersonRow>('SELECT * FROM people').all().filter((r) => fold(r.full_name) === want);
    if (rows.length === 0) throw new HattamaError('auth.unknownPerson', { who });
    if (rows.length > 1) throw new HattamaError('auth.ambiguousPerson', { who, ids: rows.map((r) => r.id).join(', ') });
    return toPerson(rows[0]!);
  }

  /** The active person a signing certificate belongs to: by its IIN, or by its fingerprint. */
  byCertificate(iin: string | null, certSha256: string): SignedIn | null {
    const r = this.db
      .prepare<[string | null, string], PersonRow>('SELECT * FROM people WHERE active = 1 AND ((iin IS NOT NULL AND iin = ?) OR cert_fingerprint = ?) ORDER BY id LIMIT 1')
      .get(iin, certSha256);
    return r ? { id: r.id, fullName: r.full_name, roles: JSON.parse(r.roles) as Role[] } : null;
  }

  /**
   * Central's user directory into the people table: a new directory person is added without a
   * PIN, a known one follows the directory's name, roles and active flag (central decides who
   * works at the court). Local people are never touched. Returns how many rows changed.
   */
  mergeDirectory(users: ReadonlyArray<{ userId: string; name: string; role: string; active: boolean }>): number {
    const at = this.now().toISOString();
    const byId = this.db.prepare<[string], PersonRow & { directory_id: string }>('SELECT * FROM people WHERE directory_id = ?');
    const insert = this.db.prepare("INSERT INTO people (full_name, roles, pin_hash, source, active, directory_id, created_at, updated_at) VALUES (?, ?, '', 'central', ?, ?, ?, ?)");
    const update = this.db.prepare('UPDATE people SET full_name = ?, roles = ?, active = ?, updated_at = ? WHERE id = ?');
    let changed = 0;
    this.db.transaction(() => {
      for (const u of users) {
        const roles = directoryRoles(u.role);
        if (roles.length === 0) continue; // a role the station has no use for (a clerk of the registry, say)
        const known = byId.get(u.userId);
        if (!known) {
          insert.run(u.name.trim(), JSON.stringify(roles), u.active ? 1 : 0, u.userId, at, at);
          changed++;
        } else if (known.full_name !== u.name.trim() || known.roles !== JSON.stringify(roles) || known.active !== (u.active ? 1 : 0)) {
          update.run(u.name.trim(), JSON.stringify(roles), u.active ? 1 : 0, at, known.id);
          changed++;
        }
      }
    })();
    return changed;
  }

  async add(p: NewPerson, source: 'local' | 'central' = 'local'): Promise<Person> {
    const at = this.now().toISOString();
    if (p.iin) this.refuseTakenIin(p.iin, null);
    const pinHash = await hashPin(p.pin);
    const r = this.db
      .prepare('INSERT INTO people (full_name, iin, roles, pin_hash, cert_fingerprint, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(p.fullName.trim(), p.iin ?? null, JSON.stringify(unique(p.roles)), pinHash, p.certFingerprint ?? null, source, at, at);
    return this.get(Number(r.lastInsertRowid));
  }

  update(id: number, patch: PersonPatch): Person {
    const before = this.get(id);
    if (patch.iin) this.refuseTakenIin(patch.iin, id);
    const losesAdmin = before.roles.includes('administrator') && (patch.active === false || (patch.roles && !patch.roles.includes('administrator')));
    if (losesAdmin && this.activeAdministrators() <= 1) throw new HattamaError('people.lastAdministrator', { name: before.fullName });
    const set: Record<string, unknown> = {};
    if (patch.fullName !== undefined) set.full_name = patch.fullName.trim();
    if (patch.roles !== undefined) set.roles = JSON.stringify(unique(patch.roles));
    if (patch.iin !== undefined) set.iin = patch.iin;
    if (patch.certFingerprint !== undefined) set.cert_fingerprint = patch.certFingerprint;
    if (patch.active !== undefined) set.active = patch.active ? 1 : 0;
    if (Object.keys(set).length) {
      this.db.prepare(`UPDATE people SET ${Object.keys(set).map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`).run({ ...set, at: this.now().toISOString(), id });
    }
    return this.get(id);
  }

  async setPin(id: number, pin: string): Promise<Person> {
    this.row(id);
    const pinHash = await hashPin(pin);
    this.db.prepare('UPDATE people SET pin_hash = ?, failed_pins = 0, locked_until = NULL, updated_at = ? WHERE id = ?').run(pinHash, this.now().toISOString(), id);
    return this.get(id);
  }

  /** Checks a PIN, counting wrong ones; the fifth in a row locks the person out. */
  async checkPin(id: number, pin: string): Promise<PinCheck> {
    const r = this.row(id);
    const now = this.now();
    if (!r.active) return { ok: false, code: 'auth.inactive', params: { name: r.full_name } };
    if (!r.pin_hash) return { ok: false, code: 'auth.noPin', params: { name: r.full_name } };
    if (r.locked_until && Date.parse(r.locked_until) > now.getTime()) return { ok: false, code: 'auth.lockedOut', params: { name: r.full_name, until: r.locked_until } };
    if (await verifyPin(pin, r.pin_hash)) {
      this.db.prepare('UPDATE people SET failed_pins = 0, locked_until = NULL WHERE id = ?').run(id);
      return { ok: true, person: { id: r.id, fullName: r.full_name, roles: JSON.parse(r.roles) as Role[] } };
    }
    const failed = (r.locked_until ? 0 : r.failed_pins) + 1;
    if (failed >= MAX_WRONG_PINS) {
      const until = new Date(now.getTime() + LOCKOUT_MS).toISOString();
      this.db.prepare('UPDATE people SET failed_pins = 0, locked_until = ? WHERE id = ?').run(until, id);
      return { ok: false, code: 'auth.lockedOut', params: { name: r.full_name, until } };
    }
    this.db.prepare('UPDATE people SET failed_pins = ?, locked_until = NULL WHERE id = ?').run(failed, id);
    return { ok: false, code: 'auth.wrongPin', params: { name: r.full_name, left: MAX_WRONG_PINS - failed } };
  }

  private activeAdministrators(): number {
    return this.list().filter((p) => p.active && p.roles.includes('administrator')).length;
  }

  private refuseTakenIin(iin: string, self: number | null): void {
    const other = this.db.prepare<[string], { id: number }>('SELECT id FROM people WHERE iin = ?').get(iin);
    if (other && other.id !== self) throw new HattamaError('people.iinTaken', { iin });
  }

  private row(id: number): PersonRow {
    const r = this.db.prepare<[number], PersonRow>('SELECT * FROM people WHERE id = ?').get(id);
    if (!r) throw new HattamaError('people.notFound', { id });
    return r;
  }
}

const unique = (roles: Role[]): Role[] => [...new Set(roles)];

/** Central's directory names roles in words of its own; these are the ones the station acts on. */
const DIRECTORY_ROLES: Record<string, Role> = { judge: 'judge', secretary: 'secretary', technician: 'technician', administrator: 'administrator', 'судья': 'judge', 'секретарь': 'secretary', 'техник': 'technician', 'администратор': 'administrator' };

function directoryRoles(role: string): Role[] {
  return unique(role.split(/[,;]/).map((r) => DIRECTORY_ROLES[r.trim().toLocaleLowerCase('ru')]).filter((r): r is Role => r !== undefined));
}
const fold = (name: string): string => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('kk');
