import { createHash, timingSafeEqual } from 'node:crypto';
import type { CentralDb } from './db';
import { CentralError } from './errors';

// Station bearer tokens checked without a query per request. Every station's token hash and
// revocation are read in one query, at most once per RELOAD_MS (and only while requests come):
// 1,479 stations cost one query every 5 s instead of one per push. A revoke or re-key made by
// this process is honoured at once; one made by another process (another instance, the CLI) is
// honoured within RELOAD_MS. A station not in the last load (just enrolled elsewhere) is read
// on its own; a token that does not match is never cached as good.

interface Entry {
  tokenHash: Buffer;
  revoked: boolean;
}

export class StationAuth {
  static readonly RELOAD_MS = 5_000;
  private entries = new Map<string, Entry>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;
  /** Stations changed here while a load was in flight: its older view of them is dropped. */
  private readonly touched = new Set<string>();
  private changes = 0;

  constructor(private readonly db: CentralDb) {}

  /** This process changed a station's token or revocation: forget what was read of it. */
  forget(stationId: string): void {
    this.entries.delete(stationId);
    this.touched.add(stationId);
    this.changes++;
  }

  /** The station a bearer token belongs to, or a 401. */
  async authenticate(authorization: string | null | undefined): Promise<string> {
    const m = /^Bearer ([A-Za-z0-9_-]{3,64})\.([A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '');
    if (!m) throw new CentralError(401, 'unauthorized', 'missing or malformed bearer token');
    const stationId = m[1]!;
    if (Date.now() - this.loadedAt > StationAuth.RELOAD_MS) {
      this.loading ??= this.loadAll().finally(() => (this.loading = null));
      await this.loading;
    }
    const entry = this.entries.get(stationId) ?? (await this.loadOne(stationId));
    const given = createHash('sha256').update(`${stationId}.${m[2]}`).digest();
    if (entry.revoked || entry.tokenHash.length !== given.length || !timingSafeEqual(given, entry.tokenHash)) throw new CentralError(401, 'unauthorized', 'token revoked or wrong');
    return stationId;
  }

  private async loadAll(): Promise<void> {
    const started = Date.now();
    this.touched.clear();
    const rows = await this.db.selectFrom('stations').select(['station_id', 'token_hash', 'revoked_at']).execute();
    const next = new Map(rows.map((r) => [r.station_id, { tokenHash: Buffer.from(r.token_hash, 'hex'), revoked: r.revoked_at !== null }]));
    for (const id of this.touched) next.delete(id);
    this.entries = next;
    this.loadedAt = started;
  }

  private async loadOne(stationId: string): Promise<Entry> {
    const changes = this.changes;
    const row = await this.db.selectFrom('stations').select(['token_hash', 'revoked_at']).where('station_id', '=', stationId).executeTakeFirst();
    if (!row) throw new CentralError(401, 'unauthorized', 'station not enrolled');
    const entry = { tokenHash: Buffer.from(row.token_hash, 'hex'), revoked: row.revoked_at !== null };
    if (changes === this.changes) this.entries.set(stationId, entry);
    return entry;
  }
}
