import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStationDatabase } from '../../main/core/station-schema';
import { ProtocolStore } from '../../main/protocol/store';
import { tempDir } from '../support/tools';
import { ROOT } from './helpers';

const WRITER = path.join(ROOT, 'test/protocol/fixtures/burst-writer.ts');

/** Starts the writer, waits for `after` acknowledged entries, kills it with SIGKILL; returns the acknowledged ids. */
function burstAndKill(dir: string, hearingId: number, after: number): Promise<Map<number, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(hearingId)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Map<number, number>();
    let buf = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^(\d+) (\d+)$/.exec(line);
        if (m) acked.set(Number(m[1]), Number(m[2]));
        if (!killed && acked.size >= after) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited ${code}: ${stderr}`));
    });
  });
}

describe('kill -9 during a burst of entry writes', () => {
  it('keeps every acknowledged entry, and the database stays consistent', async () => {
    const dir = tempDir('hattama-crash-');
    let db = openStationDatabase(dir);
    const hearingId = new ProtocolStore(db).createHearing({ caseNumber: 'CRASH-1' }).id;
    db.close();

    let total = 0;
    for (const after of [50, 400, 137]) {
      const acked = await burstAndKill(dir, hearingId, after);
      expect(acked.size).toBeGreaterThanOrEqual(after);
      db = openStationDatabase(dir);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const store = new ProtocolStore(db);
        for (const [id, i] of acked) {
          const e = store.entry(id);
          expect(e.text).toBe(`burst entry ${i} — жазба ${i}`);
          expect(e.recordingPositionMs).toBe(i * 10);
        }
        // Every committed entry has its revision, its audit row and its outbox row (one transaction).
        const counts = db
          .prepare<[{ h: number }], { entries: number; revs: number; outbox: number; audit: number; fts: number }>(
            `SELECT (SELECT count(*) FROM entries WHERE hearing_id = @h) AS entries,
                    (SELECT count(*) FROM entry_revisions r JOIN entries e ON e.id = r.entry_id WHERE e.hearing_id = @h) AS revs,
                    (SELECT count(*) FROM outbox WHERE kind = 'protocol.entry') AS outbox,
                    (SELECT count(*) FROM protocol_audit WHERE action = 'entry.add') AS audit,
                    (SELECT count(*) FROM entry_fts) AS fts`,
          )
          .get({ h: hearingId })!;
        expect(counts.revs).toBe(counts.entries);
        expect(counts.outbox).toBe(counts.entries);
        expect(counts.audit).toBe(counts.entries);
        expect(counts.fts).toBe(counts.entries);
        expect(counts.entries).toBeGreaterThanOrEqual(total + acked.size);
        total = counts.entries;
      } finally {
        db.close();
      }
    }
  });
});
