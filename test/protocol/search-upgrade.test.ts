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
    const store = new ProtocolStore(old);
    const h = store.createHearing({ caseNumber: '2-77/2024', source: 'adhoc' });
    const a = store.logEntry({ hearingId: h.id, kind: 'note', text: 'Жауапкер қарызды мойындамады' });
    const b = store.logEntry({ hearingId: h.id, kind: 'note', text: 'Сарапшының қорытындысы оқылды' });
    store.editEntry({ entryId: b.id, text: 'Сарапшының қорытындысы жарияланды' });
    const c = store.logEntry({ hearingId: h.id, kind: 'note', text: 'Апелляциялық шағым туралы' });
    store.deleteEntry({ entryId: c.id });
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
