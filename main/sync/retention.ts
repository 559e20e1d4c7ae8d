import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database';
import type { WorkerLog, WorkerStats } from './worker-types';

/**
 * Deletes local segment files central verified more than retentionDays ago, never earlier and
 * never outside the data directory. Returns how many were due.
 */
export function deleteExpiredSegments(c: { db: Db; dataDir: string; retentionDays: number; stats: WorkerStats; log?: WorkerLog }, now = Date.now()): number {
  const cutoff = new Date(now - c.retentionDays * 86_400_000).toISOString();
  const rows = c.db.prepare<[string], { seq: number; file: string }>('SELECT seq, file FROM sync_segments WHERE confirmed_at IS NOT NULL AND deleted_at IS NULL AND confirmed_at <= ?').all(cutoff);
  const mark = c.db.prepare('UPDATE sync_segments SET deleted_at = ? WHERE seq = ?');
  const root = path.resolve(c.dataDir) + path.sep;
  for (const r of rows) {
    const abs = path.resolve(c.dataDir, r.file);
    if (!abs.startsWith(root)) continue;
    try {
      fs.rmSync(abs, { force: true });
      mark.run(new Date().toISOString(), r.seq);
      c.stats.filesDeleted++;
    } catch (e) {
      c.log?.warn({ err: e, file: r.file }, 'could not delete an uploaded segment');
    }
  }
  return rows.length;
}
