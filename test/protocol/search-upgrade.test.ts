import { describe, expect, it } from 'vitest';
import { openStationDatabase, stationMigrations } from '../../main/core/station-schema';
import { openDatabase } from '../../main/db/database';
import { protocolMigrations } from '../../main/protocol/schema';
import { search } from '../../main/protocol/search';
import { ProtocolStore } from '../../main/protocol/store';
import { tempDir } from '../support/tools';

// A station database from before the search index changed (protocol schema step 3) upgrades:
// its entries are in the new index and the dictionary, current revisions only, deleted ones
// findable when asked, and new entries are indexed by the new triggers.

describe('search index upgrade', () => {
  it('rebuilds the index and its dictionary from the entries a station already has', () => {
    const dir = tempDir('hattama-search-upgrade-');
    const old = openDatabase(dir, { ...stationMigrations, protocol: protocolMigrations.slice(0, 3) });
    // The rows the store of that time wrote (today's store needs today's schema: a revision's kind, step 5).
    const at = '2024-05-02T09:00:00.000Z';
    const h = { id: Number(old.prepare("INSERT INTO hearings (uid, case_number, source, created_at, updated_at) VALUES ('h-upgrade', '2-77/2024', 'adhoc', ?, ?)").run(at, at).lastInsertRowid) };
    const revise = old.prepare("INSERT INTO entry_revisions (entry_id, rev, text, deleted, author, created_at) VALUES (?, ?, ?, ?, 'station', ?)");
    const log = (uid: string, text: string) => {
      const id = Number(old.prepare("INSERT INTO entries (uid, hearing_id, kind, started_at, created_at, author) VALUES (?, ?, 'note', ?, ?, 'station')").run(uid, h.id, at, at).lastInsertRowid);
      revise.run(id, 1, text, 0, at);
      return { id };
    };
    const a = log('e-a', 'Жауапкер қарызды мойындамады');
    const b = log('e-b', 'Сарапшының қорытындысы оқылды');
    revise.run(b.id, 2, 'Сарапшының қорытындысы жарияланды', 0, at);
    const c = log('e-c', 'Апелляциялық шағым туралы');
    revise.run(c.id, 2, 'Апелляциялық шағым туралы', 1, at);
    old.close();

    const db = openStationDatabase(dir);
    try {
      const ids = (q: Parameters<typeof search>[1]) => search(db, q).map((x) => x.entry?.id);
      expect(db.prepare<[], { n: number }>("SELECT count(*) AS n FROM entry_terms WHERE term = 'жауапкер'").get()!.n).toBe(1);
      expect(ids({ text: 'жауапк' })).toEqual([a.id]);
      expect(ids({ text: 'қорыт жария' })).toEqual([b.id]);
      expect(ids({ text: 'оқылды' })).toEqual([]); // the edited-away text is gone from the index
      expect(ids({ text: 'апелляц' })).toEqual([]);
      expect(ids({ text: 'апелляц', includeDeleted: true })).toEqual([c.id]);
      const d = new ProtocolStore(db).logEntry({ hearingId: h.id, kind: 'note', text: 'Кассациялық өтініш' });
      expect(ids({ text: 'кассац' })).toEqual([d.id]);
    } finally {
      db.close();
    }
  });
});
