import { randomUUID } from 'node:crypto';
import type { DirectoryUser, FeedResponse, Remark, ScheduleEntry } from '../common/sync-api';
import { nextVersion, type CentralDb } from './db';
import { nowIso } from './errors';
import { CopyRequests } from './copy-requests';

// What central feeds the stations: the schedule of their courtroom, the user directory, the
// remarks filed on their protocols and the copy requests on their hearings, all changed after
// the station's cursor. Every change bumps
// one version counter in its own transaction, so a cursor never skips a late commit.

export class Feeds {
  private readonly copies: CopyRequests;

  constructor(private readonly db: CentralDb) {
    this.copies = new CopyRequests(db);
  }

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
      copyRequests: await this.copies.feed(stationId, since, cursor),
    };
  }

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
}

function remarkOut(r: { remark_id: string; hearing_id: string; author: string; text: string; filed_at: string; status: Remark['status']; reason: string; decided_at: string | null; version: number }): Remark {
  return { remarkId: r.remark_id, hearingId: r.hearing_id, author: r.author, text: r.text, filedAt: r.filed_at, status: r.status, reason: r.reason, decidedAt: r.decided_at, version: Number(r.version) };
}
