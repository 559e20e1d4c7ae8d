import { createPublicKey, randomBytes, verify as edVerify } from 'node:crypto';
import { enrollmentMessage, type EnrollRequest, type EnrollResponse } from '../common/sync-api';
import type { CentralDb } from './db';
import { CentralError, nowIso, sha256Hex } from './errors';
import { StationAuth } from './station-auth';

/** Codes read well over the phone: no 0/O, 1/I/L. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** token_hash of a re-keyed station: no token matches it (a real hash is 64 hex digits). */
const AWAITING_KEY = '';

/** Who may talk to central: one-time codes, enrollment, bearer tokens, revocation. */
export class StationRegistry {
  private readonly auth: StationAuth;

  constructor(private readonly db: CentralDb) {
    this.auth = new StationAuth(db);
  }

  async issueCode(opts: { court?: string; courtroom?: string; ttlHours?: number } = {}): Promise<{ code: string; expiresAt: string }> {
    const bytes = randomBytes(8);
    const raw = Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
    const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
    const expiresAt = new Date(Date.now() + (opts.ttlHours ?? 24) * 3600_000).toISOString();
    await this.db
      .insertInto('enroll_codes')
      .values({ code_hash: sha256Hex(normaliseCode(code)), court: opts.court ?? null, courtroom: opts.courtroom ?? null, created_at: nowIso(), expires_at: expiresAt, used_at: null, used_by: null })
      .execute();
    return { code, expiresAt };
  }

  async enroll(req: EnrollRequest): Promise<EnrollResponse> {
    let key;
    try {
      key = createPublicKey(req.publicKey);
    } catch {
      throw new CentralError(400, 'bad_request', 'publicKey is not a PEM public key');
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new CentralError(400, 'bad_request', 'publicKey must be Ed25519');
    const okSig = edVerify(null, Buffer.from(enrollmentMessage(req.stationId, req.code)), key, Buffer.from(req.signature, 'base64'));
    if (!okSig) throw new CentralError(401, 'unauthorized', 'signature does not match the public key');

    const token = `${req.stationId}.${randomBytes(32).toString('base64url')}`;
    const codeHash = sha256Hex(normaliseCode(req.code));
    const now = nowIso();
    const out = await this.db.transaction().execute(async (trx) => {
      // One-time: the UPDATE claims the code; a second use (or a race) finds nothing to claim.
      const claimed = await trx
        .updateTable('enroll_codes')
        .set({ used_at: now, used_by: req.stationId })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['court', 'courtroom'])
        .executeTakeFirst();
      if (!claimed) throw new CentralError(401, 'code_invalid', 'enrollment code unknown, used or expired');
      // A code carries the court and courtroom it was issued for; a station that says it is
      // elsewhere is refused (and the code, rolled back, stays usable for the right room).
      if ((claimed.court && req.court && claimed.court !== req.court) || (claimed.courtroom && req.courtroom && claimed.courtroom !== req.courtroom)) {
        throw new CentralError(403, 'code_bound', `this code is for court "${claimed.court ?? ''}", courtroom "${claimed.courtroom ?? ''}"`);
      }
      const court = claimed.court ?? req.court;
      const courtroom = claimed.courtroom ?? req.courtroom;
      const existing = await trx.selectFrom('stations').select(['highest_seq', 'token_hash']).where('station_id', '=', req.stationId).executeTakeFirst();
      // An enrolled id is never taken over by whoever holds a fresh code: an administrator
      // re-keys it first (rekey), which is what lets the next enrollment replace key and token.
      if (existing && existing.token_hash !== AWAITING_KEY) {
        throw new CentralError(409, 'station_exists', `station ${req.stationId} is already enrolled; an administrator must re-key it first`);
      }
      const publicKey = key.export({ type: 'spki', format: 'pem' }).toString();
      if (existing) {
        await trx
          .updateTable('stations')
          .set({ court, courtroom, public_key: publicKey, token_hash: sha256Hex(token), enrolled_at: now, revoked_at: null })
          .where('station_id', '=', req.stationId)
          .execute();
      } else {
        await trx
          .insertInto('stations')
          .values({ station_id: req.stationId, court, courtroom, public_key: publicKey, token_hash: sha256Hex(token), enrolled_at: now, revoked_at: null, highest_seq: 0 })
          .execute();
      }
      return { stationId: req.stationId, token, court, courtroom, highestSeq: Number(existing?.highest_seq ?? 0) };
    });
    this.auth.forget(req.stationId);
    return out;
  }

  /**
   * Re-keys a station (an administrator's act, `hattama central rekey`): its token stops working
   * at once and the id waits for a new key, which its next enrollment with a fresh code brings.
   */
  async rekey(stationId: string): Promise<boolean> {
    const r = await this.db.updateTable('stations').set({ token_hash: AWAITING_KEY, revoked_at: nowIso() }).where('station_id', '=', stationId).executeTakeFirst();
    this.auth.forget(stationId);
    return Number(r.numUpdatedRows) > 0;
  }

  async revoke(stationId: string): Promise<boolean> {
    const r = await this.db.updateTable('stations').set({ revoked_at: nowIso() }).where('station_id', '=', stationId).executeTakeFirst();
    this.auth.forget(stationId);
    return Number(r.numUpdatedRows) > 0;
  }

  /** The station a bearer token belongs to, or a 401 (station-auth.ts). */
  authenticate(authorization: string | null | undefined): Promise<string> {
    return this.auth.authenticate(authorization);
  }

  async highestSeq(stationId: string): Promise<number> {
    const r = await this.db.selectFrom('stations').select('highest_seq').where('station_id', '=', stationId).executeTakeFirst();
    return Number(r?.highest_seq ?? 0);
  }
}
