import { randomBytes } from 'node:crypto';
import type { Observation, ObservationStatus } from '../common/observe-api';
import { CentralError } from './errors';
import type { CentralDb } from './schema';
import type { SignedIn } from './users';

// Live observation as central keeps it: every fact in the database (who observes which room,
// what the station said, the last seconds of the stream), so a station's request and the
// supervisor's may reach any central process. Each process polls the database for its waiting
// stations in one query per tick, never one per station.

/** An observation whose page has not fetched the stream for this long has ended (the supervisor left). */
export const OBSERVER_GONE_MS = 20_000;
/** Audio chunks kept per observation: about 30 s at the station's four a second. */
const KEEP_CHUNKS = 120;
/** How often the stations' waiting polls look for new observations: one query for all of them (ms). */
const POLL_TICK_MS = 500;
/** How often a supervisor's waiting fetch looks for new audio (ms). */
const TICK_MS = 100;
/** A fresh listener starts this many chunks behind the newest: live, with enough to start on. */
const START_BEHIND = 2;
/** A streaming station that sent nothing for this long is said to be silent on the page (ms). */
const STALLED_MS = 5_000;
/** How often seen_at is written while a page fetches (ms). */
const SEEN_EVERY_MS = 5_000;

const nowIso = () => new Date().toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());
const OPEN_HEARING = ['in_progress', 'recess', 'deliberation'];

export interface ObservationView {
  id: string;
  stationId: string;
  login: string;
  name: string;
  askedAt: string;
  stationState: string;
  reason: string | null;
  hearingId: string | null;
  endedAt: string | null;
  endedBy: string | null;
  frameAt: string | null;
}

export class Observations {
  private readonly seen = new Map<string, number>();

  constructor(private readonly db: CentralDb) {}

  /**
   * A supervisor asks to observe a room. Refused (409) when the room has no open hearing or holds
   * it in closed session, as far as central knows; the station decides again by its own rules.
   */
  async ask(stationId: string, who: SignedIn): Promise<string> {
    const known = await this.db.selectFrom('stations').select('revoked_at').where('station_id', '=', stationId).executeTakeFirst();
    if (!known || known.revoked_at) throw new CentralError(404, 'not_found', 'no such station');
    const hearing = await this.db
      .selectFrom('protocol_hearings')
      .select(['hearing_uid', 'external_id', 'session_mode'])
      .where('station_id', '=', stationId)
      .where('status', 'in', OPEN_HEARING)
      .where('cancelled_at', 'is', null)
      .orderBy('actual_start', 'desc')
      .executeTakeFirst();
    if (!hearing) throw new CentralError(409, 'not_in_hearing', 'the room has no open hearing');
    if (hearing.session_mode === 'closed') throw new CentralError(409, 'closed_session', 'the hearing is held in closed session');
    const id = randomBytes(12).toString('base64url');
    const at = nowIso();
    await this.db.transaction().execute(async (trx) => {
      // One observation of a room per person: asking again replaces the earlier one.
      await trx.updateTable('observations').set({ ended_at: at, ended_by: 'replaced' }).where('station_id', '=', stationId).where('login', '=', who.login).where('ended_at', 'is', null).execute();
      await trx
        .insertInto('observations')
        .values({ id, station_id: stationId, login: who.login, name: who.name, role: who.role, asked_at: at, seen_at: at, station_state: 'asked', reason: null, hearing_id: hearing.external_id ?? hearing.hearing_uid, ended_at: null, ended_by: null })
        .execute();
      await trx.insertInto('supervisor_audit').values({ at, login: who.login, role: who.role, action: 'observe.start', target: `station:${stationId}`, detail: JSON.stringify({ observationId: id, hearingId: hearing.external_id ?? hearing.hearing_uid }) }).execute();
    });
    return id;
  }

  async view(id: string): Promise<ObservationView | null> {
    const o = await this.db.selectFrom('observations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!o) return null;
    const f = await this.db.selectFrom('observation_frames').select('at').where('observation_id', '=', id).executeTakeFirst();
    return { id: o.id, stationId: o.station_id, login: o.login, name: o.name, askedAt: o.asked_at, stationState: o.station_state, reason: o.reason, hearingId: o.hearing_id, endedAt: o.ended_at, endedBy: o.ended_by, frameAt: f?.at ?? null };
  }

  /** The observation, if `who` may see its stream: its own observer, or an administrator. */
  async of(id: string, who: SignedIn): Promise<ObservationView> {
    const v = await this.view(id);
    if (!v || (v.login !== who.login && who.role !== 'admin')) throw new CentralError(404, 'not_found', 'no such observation');
    return v;
  }

  /** Ends an observation (by the supervisor, or because the page went away); audited once. */
  async end(id: string, by: 'supervisor' | 'left' | 'station', who?: SignedIn): Promise<void> {
    const at = nowIso();
    this.seen.delete(id);
    await this.db.transaction().execute(async (trx) => {
      const o = await trx.selectFrom('observations').select(['station_id', 'login', 'role', 'ended_at']).where('id', '=', id).executeTakeFirst();
      if (!o || o.ended_at) return;
      await trx.updateTable('observations').set({ ended_at: at, ended_by: by }).where('id', '=', id).where('ended_at', 'is', null).execute();
      await trx.deleteFrom('observation_chunks').where('observation_id', '=', id).execute();
      await trx.deleteFrom('observation_frames').where('observation_id', '=', id).execute();
      const actor = who ?? { login: o.login, role: o.role };
      await trx.insertInto('supervisor_audit').values({ at, login: actor.login, role: actor.role, action: 'observe.stop', target: `station:${o.station_id}`, detail: JSON.stringify({ observationId: id, endedBy: by }) }).execute();
    });
  }

  /** Open observations of a station whose observer is still there (ends the ones whose observer left). */
  private async openFor(stationIds: string[]): Promise<Map<string, Observation[]>> {
    const out = new Map<string, Observation[]>();
    if (!stationIds.length) return out;
    const rows = await this.db.selectFrom('observations').selectAll().where('ended_at', 'is', null).where('station_id', 'in', stationIds).execute();
    const gone = Date.now() - OBSERVER_GONE_MS;
    for (const o of rows) {
      if (Date.parse(o.seen_at) < gone) {
        await this.end(o.id, 'left');
        continue;
      }
      (out.get(o.station_id) ?? out.set(o.station_id, []).get(o.station_id)!).push({ id: o.id, by: { login: o.login, name: o.name, role: o.role }, since: o.asked_at });
    }
    return out;
  }

  private readonly waiting = new Map<string, Set<(list: Observation[]) => void>>();
  private ticking = false;

  /**
   * The station's long poll: its open observations, as soon as one is there that `known` does not
   * name, or when `waitS` has passed (then whatever is open, maybe nothing).
   */
  async poll(stationId: string, waitS: number, known: Set<string>): Promise<Observation[]> {
    const differs = (list: Observation[]) => list.length !== known.size || list.some((o) => !known.has(o.id));
    const now = (await this.openFor([stationId])).get(stationId) ?? [];
    if (waitS === 0 || differs(now)) return now;
    return new Promise<Observation[]>((resolve) => {
      const set = this.waiting.get(stationId) ?? this.waiting.set(stationId, new Set()).get(stationId)!;
      const finish = (list: Observation[]) => {
        set.delete(check);
        if (!set.size) this.waiting.delete(stationId);
        clearTimeout(timer);
        resolve(list);
      };
      const check = (list: Observation[]) => {
        if (differs(list)) finish(list);
      };
      const timer = setTimeout(() => void this.openFor([stationId]).then((l) => finish(l.get(stationId) ?? []), () => finish(now)), waitS * 1000);
      set.add(check);
      void this.tick();
    });
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      while (this.waiting.size) {
        await sleep(POLL_TICK_MS);
        const ids = [...this.waiting.keys()];
        const open = await this.openFor(ids).catch(() => null);
        if (!open) continue;
        for (const id of ids) for (const check of [...(this.waiting.get(id) ?? [])]) check(open.get(id) ?? []);
      }
    } finally {
      this.ticking = false;
    }
  }

  /** The station's own open observation, or 404/410: a station answers only for its own room. */
  private async stationOwn(stationId: string, id: string) {
    const o = await this.db.selectFrom('observations').select(['station_id', 'ended_at', 'seen_at', 'station_state']).where('id', '=', id).executeTakeFirst();
    if (!o || o.station_id !== stationId) throw new CentralError(404, 'not_found', 'no such observation of this station');
    return o;
  }

  private stillWanted(o: { ended_at: string | null; seen_at: string }): boolean {
    return !o.ended_at && Date.parse(o.seen_at) >= Date.now() - OBSERVER_GONE_MS;
  }

  /** What the station says: streaming, refused (why), ended (why). Answers whether anyone still observes. */
  async status(stationId: string, id: string, s: ObservationStatus): Promise<boolean> {
    const o = await this.stationOwn(stationId, id);
    if (o.ended_at) return false;
    await this.db.updateTable('observations').set({ station_state: s.state, reason: s.reason, ...(s.hearingId ? { hearing_id: s.hearingId } : {}) }).where('id', '=', id).execute();
    if (s.state !== 'streaming') {
      await this.end(id, 'station');
      return false;
    }
    return this.stillWanted(o);
  }

  async putAudio(stationId: string, id: string, seq: number, bytes: Buffer): Promise<boolean> {
    const o = await this.stationOwn(stationId, id);
    if (!this.stillWanted(o)) return false;
    // A new head is a new stream (the station's core started again): what was kept of the old one goes.
    if (seq === 0) await this.db.deleteFrom('observation_chunks').where('observation_id', '=', id).execute();
    await this.db
      .insertInto('observation_chunks')
      .values({ observation_id: id, seq, at: nowIso(), bytes })
      .onConflict((oc) => oc.columns(['observation_id', 'seq']).doUpdateSet({ bytes, at: nowIso() }))
      .execute();
    if (seq > KEEP_CHUNKS) await this.db.deleteFrom('observation_chunks').where('observation_id', '=', id).where('seq', '>', 0).where('seq', '<=', seq - KEEP_CHUNKS).execute();
    return true;
  }

  async putFrame(stationId: string, id: string, jpeg: Buffer): Promise<boolean> {
    const o = await this.stationOwn(stationId, id);
    if (!this.stillWanted(o)) return false;
    await this.db
      .insertInto('observation_frames')
      .values({ observation_id: id, at: nowIso(), jpeg })
      .onConflict((oc) => oc.column('observation_id').doUpdateSet({ jpeg, at: nowIso() }))
      .execute();
    return true;
  }

  /** The page fetched: the observer is there. Written every few seconds, not at every fetch. */
  private async markSeen(id: string): Promise<void> {
    const last = this.seen.get(id) ?? 0;
    if (Date.now() - last < SEEN_EVERY_MS) return;
    this.seen.set(id, Date.now());
    await this.db.updateTable('observations').set({ seen_at: nowIso() }).where('id', '=', id).where('ended_at', 'is', null).execute();
  }

  /**
   * The stream after `after` for the supervisor's page, waiting up to `waitMs` for something new.
   * after < 0: the head and the newest chunks (a listener starts live, not 30 s behind).
   */
  async audioAfter(v: ObservationView, after: number, waitMs: number): Promise<{ bytes: Buffer; last: number; state: string }> {
    await this.markSeen(v.id);
    const until = Date.now() + waitMs;
    for (;;) {
      const o = await this.db.selectFrom('observations').select(['station_state', 'ended_at']).where('id', '=', v.id).executeTakeFirstOrThrow();
      const state = o.ended_at ? (o.station_state === 'refused' ? 'refused' : 'ended') : o.station_state;
      const rows = (await this.db.selectFrom('observation_chunks').select(['seq', 'at']).where('observation_id', '=', v.id).orderBy('seq').execute()).map((r) => ({ seq: Number(r.seq), at: r.at }));
      const newest = rows[rows.length - 1];
      // A listener behind a new stream (the station started again, its seq from 0) starts on it afresh.
      const fresh = after < 0 || (newest !== undefined && newest.seq < after);
      const pick = fresh ? (rows[0]?.seq === 0 ? [rows[0], ...rows.slice(1).slice(-START_BEHIND)] : []) : rows.filter((r) => r.seq > after);
      if (pick.length || state === 'ended' || state === 'refused' || Date.now() >= until) {
        const stalled = state === 'streaming' && !pick.length && (!newest || Date.now() - Date.parse(newest.at) > STALLED_MS);
        const seqs = pick.map((r) => r!.seq);
        const bytes = seqs.length ? await this.db.selectFrom('observation_chunks').select('bytes').where('observation_id', '=', v.id).where('seq', 'in', seqs).orderBy('seq').execute() : [];
        return { bytes: Buffer.concat(bytes.map((r) => Buffer.from(r.bytes))), last: seqs.length ? seqs[seqs.length - 1]! : after, state: stalled ? 'stalled' : state };
      }
      await sleep(TICK_MS);
    }
  }

  async frame(id: string): Promise<{ at: string; jpeg: Buffer } | null> {
    const f = await this.db.selectFrom('observation_frames').select(['at', 'jpeg']).where('observation_id', '=', id).executeTakeFirst();
    return f ? { at: f.at, jpeg: Buffer.from(f.jpeg) } : null;
  }
}
