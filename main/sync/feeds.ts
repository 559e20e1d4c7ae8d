import type { FeedResponse, FeedResponseSchema, Remark } from '../../common/sync-api';
import type { z } from 'zod';
import { applyCopyRequests } from './copy-requests';
import type { Db } from '../db/database';
import type { CentralClient } from './client';
import { readKv, writeKv } from './sync-kv';
import type { WorkerLog } from './worker-types';

// The feeds from central, cached in the station's database so that the schedule, the user
// directory, the remarks and the copy requests are there with the cable pulled out.

export interface FeedChanges {
  schedule: number;
  directory: number;
  remarks: number;
  hearingIds: string[];
}

/** A feed as central sends it (one from a central before copy requests has none). */
export type FeedInput = z.input<typeof FeedResponseSchema>;

export function applyFeeds(db: Db, feed: FeedInput): FeedChanges {
  const hearingIds = new Set<string>();
  const upSchedule = db.prepare(`INSERT INTO sync_schedule (hearing_id, court, courtroom, case_number, title, judge, starts_at, cancelled, version)
    VALUES (@hearingId, @court, @courtroom, @caseNumber, @title, @judge, @startsAt, @cancelled, @version)
    ON CONFLICT (hearing_id) DO UPDATE SET court = excluded.court, courtroom = excluded.courtroom, case_number = excluded.case_number,
      title = excluded.title, judge = excluded.judge, starts_at = excluded.starts_at, cancelled = excluded.cancelled, version = excluded.version
    WHERE excluded.version >= sync_schedule.version`);
  const upUser = db.prepare(`INSERT INTO sync_directory (user_id, name, role, court, active, version) VALUES (@userId, @name, @role, @court, @active, @version)
    ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, role = excluded.role, court = excluded.court, active = excluded.active, version = excluded.version
    WHERE excluded.version >= sync_directory.version`);
  const localRemark = db.prepare<[string], { local_decision: number }>('SELECT local_decision FROM sync_remarks WHERE remark_id = ?');
  const upRemark = db.prepare(`INSERT INTO sync_remarks (remark_id, hearing_id, author, text, filed_at, status, reason, decided_at, version, local_decision)
    VALUES (@remarkId, @hearingId, @author, @text, @filedAt, @status, @reason, @decidedAt, @version, 0)
    ON CONFLICT (remark_id) DO UPDATE SET hearing_id = excluded.hearing_id, author = excluded.author, text = excluded.text, filed_at = excluded.filed_at,
      status = excluded.status, reason = excluded.reason, decided_at = excluded.decided_at, version = excluded.version, local_decision = 0
    WHERE excluded.version >= sync_remarks.version`);
  const upRemarkText = db.prepare('UPDATE sync_remarks SET author = ?, text = ?, version = ? WHERE remark_id = ?');
  db.transaction(() => {
    for (const s of feed.schedule) upSchedule.run({ ...s, cancelled: s.cancelled ? 1 : 0 });
    for (const u of feed.directory) upUser.run({ ...u, active: u.active ? 1 : 0 });
    for (const r of feed.remarks) {
      hearingIds.add(r.hearingId);
      // A decision taken here and not yet echoed by central wins over central's older 'pending'.
      const local = localRemark.get(r.remarkId);
      if (local?.local_decision && r.status === 'pending') upRemarkText.run(r.author, r.text, r.version, r.remarkId);
      else upRemark.run(r);
    }
    applyCopyRequests(db, feed.copyRequests ?? []);
  })();
  return { schedule: feed.schedule.length, directory: feed.directory.length, remarks: feed.remarks.length, hearingIds: [...hearingIds] };
}

interface RemarkRow {
  remark_id: string;
  hearing_id: string;
  author: string;
  text: string;
  filed_at: string;
  status: Remark['status'];
  reason: string;
  decided_at: string | null;
  version: number;
  local_decision: number;
}

export function toRemark(r: RemarkRow): Remark & { syncedDecision: boolean } {
  return {
    remarkId: r.remark_id,
    hearingId: r.hearing_id,
    author: r.author,
    text: r.text,
    filedAt: r.filed_at,
    status: r.status,
    reason: r.reason,
    decidedAt: r.decided_at,
    version: r.version,
    syncedDecision: r.local_decision === 0,
  };
}

export function remarksFor(db: Db, hearingIds: string[]) {
  if (hearingIds.length === 0) return [];
  const rows = db.prepare<string[], RemarkRow>(`SELECT * FROM sync_remarks WHERE hearing_id IN (${hearingIds.map(() => '?').join(',')}) ORDER BY filed_at, remark_id`).all(...hearingIds);
  return rows.map(toRemark);
}

export function remarkById(db: Db, remarkId: string) {
  const r = db.prepare<[string], RemarkRow>('SELECT * FROM sync_remarks WHERE remark_id = ?').get(remarkId);
  return r ? toRemark(r) : undefined;
}

/** Pulls the feeds after the saved cursor, caches them, hands the schedule on, saves the new cursor. */
export async function pullFeeds(c: {
  db: Db;
  client: CentralClient;
  importSchedule?: (entries: FeedResponse['schedule']) => void;
  onFeeds?: (f: FeedChanges) => void;
  log?: WorkerLog;
}): Promise<void> {
  const since = Number(readKv(c.db, 'feedCursor') ?? 0);
  const feed = await c.client.feeds(since);
  const changes = applyFeeds(c.db, feed);
  if (feed.schedule.length && c.importSchedule) {
    try {
      c.importSchedule(feed.schedule);
    } catch (e) {
      // The cached copy is in sync_schedule; the import is retried with the next change.
      c.log?.warn({ err: e }, 'schedule import into the protocol store failed');
    }
  }
  writeKv(c.db, 'feedCursor', String(feed.cursor));
  if (changes.schedule + changes.directory + changes.remarks > 0) c.onFeeds?.(changes);
}
