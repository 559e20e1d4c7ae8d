import { createHash, randomBytes, randomUUID, timingSafeEqual, verify as edVerify, createPublicKey } from 'node:crypto';
import {
  enrollmentMessage,
  SegmentPayloadSchema,
  RemarkDecisionSchema,
  type DirectoryUser,
  type EnrollRequest,
  type EnrollResponse,
  type FeedResponse,
  type Heartbeat,
  type OutboxEvent,
  type PushEventsResponse,
  type Remark,
  type ScheduleEntry,
  type StationOverview,
} from '../common/sync-api';
import { nextVersion, type CentralDb } from './db';

// Central's rules, independent of HTTP: enrollment, authentication, exactly-once ingest of
// protocol events, segment bookkeeping, feeds, heartbeats and the Situation Center's flags.

export class CentralError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
const nowIso = (): string => new Date().toISOString();

/** Codes read well over the phone: no 0/O, 1/I/L. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export const LATE_START_MS = 15 * 60_000;
export const STALE_AFTER_MS = 90_000;
export const CLOCK_DRIFT_MS = 5_000;

interface AuthEntry {
  tokenHash: Buffer;
  revoked: boolean;
  at: number;
}

export class CentralStore {
  /** Token check without a query per request; short TTL so a revoke by another process lands fast. */
  private readonly authCache = new Map<string, AuthEntry>();
  private static readonly AUTH_TTL_MS = 5_000;

  constructor(
    readonly db: CentralDb,
    readonly kind: 'sqlite' | 'postgres' = 'sqlite',
  ) {}

  // ---- enrollment ---------------------------------------------------------------------

  async issueCode(opts: { court?: string; courtroom?: string; ttlHours?: number } = {}): Promise<{ code: string; expiresAt: string }> {
    const bytes = randomBytes(8);
    const raw = Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
    const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
    const expiresAt = new Date(Date.now() + (opts.ttlHours ?? 24) * 3600_000).toISOString();
    await this.db
      .insertInto('enroll_codes')
      .values({ code_hash: sha256(normaliseCode(code)), court: opts.court ?? null, courtroom: opts.courtroom ?? null, created_at: nowIso(), expires_at: expiresAt, used_at: null, used_by: null })
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
    const codeHash = sha256(normaliseCode(req.code));
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
      const court = claimed.court ?? req.court;
      const courtroom = claimed.courtroom ?? req.courtroom;
      const existing = await trx.selectFrom('stations').select(['highest_seq']).where('station_id', '=', req.stationId).executeTakeFirst();
      const publicKey = key.export({ type: 'spki', format: 'pem' }).toString();
      if (existing) {
        await trx
          .updateTable('stations')
          .set({ court, courtroom, public_key: publicKey, token_hash: sha256(token), enrolled_at: now, revoked_at: null })
          .where('station_id', '=', req.stationId)
          .execute();
      } else {
        await trx
          .insertInto('stations')
          .values({ station_id: req.stationId, court, courtroom, public_key: publicKey, token_hash: sha256(token), enrolled_at: now, revoked_at: null, highest_seq: 0 })
          .execute();
      }
      return { stationId: req.stationId, token, court, courtroom, highestSeq: Number(existing?.highest_seq ?? 0) };
    });
    this.authCache.delete(req.stationId);
    return out;
  }

  async revoke(stationId: string): Promise<boolean> {
    const r = await this.db.updateTable('stations').set({ revoked_at: nowIso() }).where('station_id', '=', stationId).executeTakeFirst();
    this.authCache.delete(stationId);
    return Number(r.numUpdatedRows) > 0;
  }

  /** The station a bearer token belongs to, or a 401. */
  async authenticate(authorization: string | null | undefined): Promise<string> {
    const m = /^Bearer ([A-Za-z0-9_-]{3,64})\.([A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '');
    if (!m) throw new CentralError(401, 'unauthorized', 'missing or malformed bearer token');
    const stationId = m[1]!;
    let entry = this.authCache.get(stationId);
    if (!entry || Date.now() - entry.at > CentralStore.AUTH_TTL_MS) {
      const row = await this.db.selectFrom('stations').select(['token_hash', 'revoked_at']).where('station_id', '=', stationId).executeTakeFirst();
      if (!row) {
        this.authCache.delete(stationId);
        throw new CentralError(401, 'unauthorized', 'station not enrolled');
      }
      entry = { tokenHash: Buffer.from(row.token_hash, 'hex'), revoked: row.revoked_at !== null, at: Date.now() };
      this.authCache.set(stationId, entry);
    }
    const given = createHash('sha256').update(`${stationId}.${m[2]}`).digest();
    if (entry.revoked || !timingSafeEqual(given, entry.tokenHash)) throw new CentralError(401, 'unauthorized', 'token revoked or wrong');
    return stationId;
  }

  // ---- protocol push (exactly once) ---------------------------------------------------

  /**
   * Stores a batch in one transaction. (station, seq) is the primary key: an event central
   * already holds with the same content is a retry and ignored; the same seq with other
   * content is a conflict and the whole batch is refused, so nothing partial is stored.
   */
  async pushEvents(stationId: string, events: OutboxEvent[]): Promise<PushEventsResponse> {
    const now = nowIso();
    const rows = events.map((e) => {
      const payload = JSON.stringify(e.payload ?? null);
      return { station_id: stationId, seq: e.seq, kind: e.kind, ref: e.ref, payload, payload_hash: sha256(`${e.kind}\n${e.ref ?? ''}\n${payload}`), created_at: e.createdAt, received_at: now };
    });
    const seqs = rows.map((r) => r.seq);
    if (new Set(seqs).size !== seqs.length) throw new CentralError(400, 'bad_request', 'a batch repeats a seq');
    // Validate segment announcements before anything is stored.
    const segments = new Map<number, ReturnType<typeof SegmentPayloadSchema.parse>>();
    for (const e of events) {
      if (e.kind !== 'segment') continue;
      const p = SegmentPayloadSchema.safeParse(e.payload);
      if (!p.success) throw new CentralError(400, 'bad_request', `segment event ${e.seq}: ${p.error.issues[0]?.path.join('.')} ${p.error.issues[0]?.message}`);
      segments.set(e.seq, p.data);
    }
    for (const e of events) {
      if (e.kind === 'remark.decision' && !RemarkDecisionSchema.safeParse(e.payload).success) throw new CentralError(400, 'bad_request', `remark decision ${e.seq} malformed`);
    }

    return this.db.transaction().execute(async (trx) => {
      // Row lock (PostgreSQL): two pushes of one station are serialised. SQLite has one writer anyway.
      let q = trx.selectFrom('stations').select(['highest_seq']).where('station_id', '=', stationId);
      if (this.kind === 'postgres') q = q.forUpdate();
      const station = await q.executeTakeFirstOrThrow();
      const lo = Math.min(...seqs);
      const hi = Math.max(...seqs);
      const held = await trx.selectFrom('events').select(['seq', 'payload_hash']).where('station_id', '=', stationId).where('seq', '>=', lo).where('seq', '<=', hi).execute();
      const heldHash = new Map(held.map((h) => [Number(h.seq), h.payload_hash]));
      const fresh = [];
      let duplicates = 0;
      for (const r of rows) {
        const h = heldHash.get(r.seq);
        if (h === undefined) fresh.push(r);
        else if (h === r.payload_hash) duplicates++;
        else throw new CentralError(409, 'seq_conflict', `seq ${r.seq} is already held with different content`);
      }
      for (let i = 0; i < fresh.length; i += 500) {
        await trx.insertInto('events').values(fresh.slice(i, i + 500)).execute();
      }
      const highest = Math.max(Number(station.highest_seq), hi);
      if (highest !== Number(station.highest_seq)) await trx.updateTable('stations').set({ highest_seq: highest }).where('station_id', '=', stationId).execute();

      for (const r of fresh) {
        const seg = segments.get(r.seq);
        if (seg) {
          await trx
            .insertInto('segments')
            .values({ station_id: stationId, seq: r.seq, session_id: seg.sessionId, track: seg.track, file: seg.file, sha256: seg.sha256, bytes: seg.bytes, status: 'declared', upload_id: null, verified_at: null })
            .execute();
          const hearingId = typeof seg.hearingId === 'string' ? seg.hearingId : null;
          if (hearingId) await this.activity(trx as unknown as CentralDb, stationId, hearingId, { recorded: true, at: r.created_at });
        } else if (r.kind === 'remark.decision') {
          const d = RemarkDecisionSchema.parse(JSON.parse(r.payload));
          const v = await nextVersion(trx as unknown as CentralDb);
          await trx.updateTable('remarks').set({ status: d.decision, reason: d.reason, decided_at: d.decidedAt, version: v }).where('remark_id', '=', d.remarkId).execute();
        } else if (r.kind.startsWith('protocol.') && r.ref) {
          await this.protocolActivity(trx as unknown as CentralDb, stationId, r);
        }
      }
      return { stored: fresh.length, duplicates, highestSeq: highest };
    });
  }

  /**
   * Hearing start/close/recording as the protocol store reports them. Its events are keyed by
   * the station's local hearing id (ref); central names a hearing by its schedule id
   * (external_id) or, for an ad-hoc hearing, its uid, both found in the hearing's create event.
   */
  private async protocolActivity(db: CentralDb, stationId: string, r: { kind: string; ref: string | null; payload: string; created_at: string }): Promise<void> {
    let p: Record<string, unknown>;
    try {
      p = JSON.parse(r.payload) as Record<string, unknown>;
    } catch {
      return;
    }
    if (!p || typeof p !== 'object') return;
    const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
    const a: { startedAt?: string; closedAt?: string; recorded?: boolean } = {};
    const k = r.kind.toLowerCase();
    const startedAt = str(p.actual_start) ?? str(p.actualStart);
    const endedAt = str(p.actual_end) ?? str(p.actualEnd);
    // Protocol entries: kind 'opened' / 'closed' at started_at (the protocol store's own events).
    const entryAt = str(p.started_at) ?? str(p.startedAt) ?? eventTime(r.payload) ?? r.created_at;
    if (startedAt) a.startedAt = startedAt;
    else if (p.kind === 'opened' || p.status === 'in_progress' || /(open|start|begin)/.test(k)) a.startedAt = entryAt;
    if (endedAt) a.closedAt = endedAt;
    else if (p.kind === 'closed' || p.status === 'closed' || p.hearingStatus === 'closed' || /(clos|finish)/.test(k)) a.closedAt = entryAt;
    if (str(p.recording_session) ?? str(p.recordingSessionId) ?? str(p.recording_session_id)) a.recorded = true;
    if (!a.startedAt && !a.closedAt && !a.recorded) return;
    let key = str(p.external_id) ?? str(p.externalId);
    if (!key) {
      const create = await db
        .selectFrom('events')
        .select('payload')
        .where('station_id', '=', stationId)
        .where('kind', '=', 'protocol.hearing')
        .where('ref', '=', r.ref)
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst();
      const c = create ? (JSON.parse(create.payload) as Record<string, unknown>) : {};
      key = str(c.external_id) ?? str(c.externalId) ?? str(c.uid) ?? str(p.hearingUid) ?? str(p.uid) ?? r.ref!;
    }
    await this.activity(db, stationId, key, a);
  }

  /** What central knows of hearings in a room: when it started, closed, whether anything was recorded. */
  private async activity(db: CentralDb, stationId: string, hearingId: string, a: { startedAt?: string; closedAt?: string; recorded?: boolean; at?: string }): Promise<void> {
    const cur = await db.selectFrom('hearing_activity').selectAll().where('station_id', '=', stationId).where('hearing_id', '=', hearingId).executeTakeFirst();
    const startedAt = minIso(cur?.started_at ?? null, a.startedAt ?? null);
    const closedAt = a.closedAt ?? cur?.closed_at ?? null;
    const recorded = a.recorded || cur?.recorded === 1 ? 1 : 0;
    if (!cur) {
      await db.insertInto('hearing_activity').values({ station_id: stationId, hearing_id: hearingId, started_at: startedAt, closed_at: closedAt, recorded }).execute();
    } else if (startedAt !== cur.started_at || closedAt !== cur.closed_at || recorded !== cur.recorded) {
      await db.updateTable('hearing_activity').set({ started_at: startedAt, closed_at: closedAt, recorded }).where('station_id', '=', stationId).where('hearing_id', '=', hearingId).execute();
    }
  }

  async highestSeq(stationId: string): Promise<number> {
    const r = await this.db.selectFrom('stations').select('highest_seq').where('station_id', '=', stationId).executeTakeFirst();
    return Number(r?.highest_seq ?? 0);
  }

  // ---- segments -------------------------------------------------------------------------

  async segment(stationId: string, seq: number) {
    return this.db.selectFrom('segments').selectAll().where('station_id', '=', stationId).where('seq', '=', seq).executeTakeFirst();
  }

  async setSegmentUpload(stationId: string, seq: number, uploadId: string): Promise<void> {
    await this.db.updateTable('segments').set({ upload_id: uploadId, status: 'declared' }).where('station_id', '=', stationId).where('seq', '=', seq).where('status', '!=', 'verified').execute();
  }

  async markSegment(stationId: string, seq: number, status: 'verified' | 'rejected', uploadId: string | null): Promise<void> {
    await this.db
      .updateTable('segments')
      .set({ status, upload_id: uploadId, verified_at: status === 'verified' ? nowIso() : null })
      .where('station_id', '=', stationId)
      .where('seq', '=', seq)
      .where('status', '!=', 'verified')
      .execute();
  }

  // ---- heartbeats --------------------------------------------------------------------------

  async heartbeat(stationId: string, hb: Heartbeat): Promise<number> {
    const serverTime = Date.now();
    const row = { station_id: stationId, received_at: new Date(serverTime).toISOString(), state: JSON.stringify(hb), clock_offset_ms: hb.clock - serverTime };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('station_state').values(row).onConflict((oc) => oc.column('station_id').doUpdateSet({ received_at: row.received_at, state: row.state, clock_offset_ms: row.clock_offset_ms })).execute();
      if (hb.hearingId) await this.activity(trx as unknown as CentralDb, stationId, hb.hearingId, { startedAt: hb.recording ? row.received_at : undefined, recorded: hb.recording });
    });
    return serverTime;
  }

  // ---- feeds ---------------------------------------------------------------------------------

  async feed(stationId: string, since: number): Promise<FeedResponse> {
    const st = await this.db.selectFrom('stations').select(['court', 'courtroom']).where('station_id', '=', stationId).executeTakeFirstOrThrow();
    const cur = await this.db.selectFrom('counters').select('value').where('name', '=', 'feed').executeTakeFirstOrThrow();
    const cursor = Number(cur.value);
    const schedule = await this.db
      .selectFrom('schedule')
      .selectAll()
      .where('courtroom', '=', st.courtroom)
      .where((eb) => eb.or([eb('court', '=', st.court), eb('court', '=', '')]))
      .where('version', '>', since)
      .where('version', '<=', cursor)
      .orderBy('version')
      .execute();
    const directory = await this.db
      .selectFrom('directory')
      .selectAll()
      .where((eb) => eb.or([eb('court', '=', st.court), eb('court', '=', '')]))
      .where('version', '>', since)
      .where('version', '<=', cursor)
      .orderBy('version')
      .execute();
    // Remarks on hearings of this room (by the schedule), or on hearings this station reported.
    const remarks = await this.db
      .selectFrom('remarks')
      .selectAll()
      .where('version', '>', since)
      .where('version', '<=', cursor)
      .where((eb) =>
        eb.or([
          eb('hearing_id', 'in', eb.selectFrom('schedule').select('hearing_id').where('courtroom', '=', st.courtroom).where((e2) => e2.or([e2('court', '=', st.court), e2('court', '=', '')]))),
          eb('hearing_id', 'in', eb.selectFrom('hearing_activity').select('hearing_id').where('station_id', '=', stationId)),
        ]),
      )
      .orderBy('version')
      .execute();
    return {
      cursor,
      schedule: schedule.map(
        (s): ScheduleEntry => ({ hearingId: s.hearing_id, court: s.court, courtroom: s.courtroom, caseNumber: s.case_number, title: s.title, judge: s.judge, startsAt: s.starts_at, cancelled: s.cancelled === 1, version: Number(s.version) }),
      ),
      directory: directory.map((u): DirectoryUser => ({ userId: u.user_id, name: u.name, role: u.role, court: u.court, active: u.active === 1, version: Number(u.version) })),
      remarks: remarks.map(remarkOut),
    };
  }

  // ---- admin ---------------------------------------------------------------------------------

  async putSchedule(e: Omit<ScheduleEntry, 'version'>): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const version = await nextVersion(trx as unknown as CentralDb);
      const row = { hearing_id: e.hearingId, court: e.court, courtroom: e.courtroom, case_number: e.caseNumber, title: e.title, judge: e.judge, starts_at: new Date(e.startsAt).toISOString(), cancelled: e.cancelled ? 1 : 0, version };
      const { hearing_id: _id, ...rest } = row;
      await trx.insertInto('schedule').values(row).onConflict((oc) => oc.column('hearing_id').doUpdateSet(rest)).execute();
      return version;
    });
  }

  async putDirectory(users: Array<Omit<DirectoryUser, 'version'>>): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const version = await nextVersion(trx as unknown as CentralDb);
      for (const u of users) {
        const row = { user_id: u.userId, name: u.name, role: u.role, court: u.court, active: u.active ? 1 : 0, version };
        const { user_id: _id, ...rest } = row;
        await trx.insertInto('directory').values(row).onConflict((oc) => oc.column('user_id').doUpdateSet(rest)).execute();
      }
      return version;
    });
  }

  async addRemark(r: { remarkId?: string; hearingId: string; author: string; text: string }): Promise<Remark> {
    return this.db.transaction().execute(async (trx) => {
      const version = await nextVersion(trx as unknown as CentralDb);
      const row = { remark_id: r.remarkId ?? randomUUID(), hearing_id: r.hearingId, author: r.author, text: r.text, filed_at: nowIso(), status: 'pending' as const, reason: '', decided_at: null, version };
      await trx.insertInto('remarks').values(row).execute();
      return remarkOut(row);
    });
  }

  async remark(remarkId: string): Promise<Remark | undefined> {
    const r = await this.db.selectFrom('remarks').selectAll().where('remark_id', '=', remarkId).executeTakeFirst();
    return r ? remarkOut(r) : undefined;
  }

  async events(stationId: string, afterSeq = 0, limit = 100_000) {
    const rows = await this.db.selectFrom('events').selectAll().where('station_id', '=', stationId).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ seq: Number(r.seq), kind: r.kind, ref: r.ref, payload: JSON.parse(r.payload) as unknown, createdAt: r.created_at, receivedAt: r.received_at }));
  }

  async segments(stationId: string) {
    const rows = await this.db.selectFrom('segments').selectAll().where('station_id', '=', stationId).orderBy('seq').execute();
    return rows.map((r) => ({ seq: Number(r.seq), sessionId: r.session_id, track: r.track, file: r.file, sha256: r.sha256, bytes: Number(r.bytes), status: r.status, uploadId: r.upload_id, verifiedAt: r.verified_at }));
  }

  async overview(now = Date.now()): Promise<StationOverview[]> {
    const stations = await this.db.selectFrom('stations').leftJoin('station_state', 'station_state.station_id', 'stations.station_id').selectAll('stations').select(['station_state.received_at', 'station_state.state', 'station_state.clock_offset_ms']).orderBy('stations.station_id').execute();
    const acts = await this.db
      .selectFrom('hearing_activity')
      .leftJoin('schedule', 'schedule.hearing_id', 'hearing_activity.hearing_id')
      .select(['hearing_activity.station_id', 'hearing_activity.hearing_id', 'hearing_activity.started_at', 'hearing_activity.closed_at', 'hearing_activity.recorded', 'schedule.starts_at'])
      .execute();
    const byStation = new Map<string, typeof acts>();
    for (const a of acts) (byStation.get(a.station_id) ?? byStation.set(a.station_id, []).get(a.station_id)!).push(a);
    return stations.map((s) => {
      const state = s.state ? (JSON.parse(s.state) as Heartbeat) : null;
      const flags: StationOverview['flags'] = [];
      for (const a of byStation.get(s.station_id) ?? []) {
        if (a.started_at && a.starts_at && Date.parse(a.started_at) - Date.parse(a.starts_at) > LATE_START_MS) {
          flags.push({ kind: 'late-start', hearingId: a.hearing_id, detail: `started ${Math.round((Date.parse(a.started_at) - Date.parse(a.starts_at)) / 60_000)} min after ${a.starts_at}` });
        }
        if (a.closed_at && a.recorded !== 1) flags.push({ kind: 'closed-without-recording', hearingId: a.hearing_id, detail: `closed ${a.closed_at} with no recording` });
      }
      if (s.received_at && now - Date.parse(s.received_at) > STALE_AFTER_MS) flags.push({ kind: 'stale', hearingId: null, detail: `no heartbeat since ${s.received_at}` });
      if (s.clock_offset_ms != null && Math.abs(s.clock_offset_ms) > CLOCK_DRIFT_MS) flags.push({ kind: 'clock-drift', hearingId: null, detail: `clock off by ${Math.round(s.clock_offset_ms / 1000)} s` });
      for (const alarm of state?.alarms ?? []) flags.push({ kind: 'alarm', hearingId: state?.hearingId ?? null, detail: alarm });
      return {
        stationId: s.station_id,
        court: s.court,
        courtroom: s.courtroom,
        enrolledAt: s.enrolled_at,
        revoked: s.revoked_at !== null,
        highestSeq: Number(s.highest_seq),
        lastSeenAt: s.received_at ?? null,
        state,
        flags,
      };
    });
  }
}

function remarkOut(r: { remark_id: string; hearing_id: string; author: string; text: string; filed_at: string; status: Remark['status']; reason: string; decided_at: string | null; version: number }): Remark {
  return { remarkId: r.remark_id, hearingId: r.hearing_id, author: r.author, text: r.text, filedAt: r.filed_at, status: r.status, reason: r.reason, decidedAt: r.decided_at, version: Number(r.version) };
}

function minIso(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

/** A protocol payload's own time of day, when it has one. */
function eventTime(payload: string): string | null {
  try {
    const p = JSON.parse(payload) as Record<string, unknown>;
    for (const k of ['at', 'time', 'startedAt', 'closedAt', 'openedAt', 'wallClock']) {
      const v = p?.[k];
      if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
      if (typeof v === 'number' && v > 1e12) return new Date(v).toISOString();
    }
  } catch {
    // not an object: no time of its own
  }
  return null;
}

export { sha256 as sha256Hex };
