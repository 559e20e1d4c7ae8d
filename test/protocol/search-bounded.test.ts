import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationDatabase } from '../../main/core/station-schema';
import type { Db } from '../../main/db/database';
import { search } from '../../main/protocol/search';
import { catchUpIndex } from '../../main/protocol/search-index';
import { idf, indexTotals, score } from '../../main/protocol/search-rank';
import { searchTokens } from '../../main/protocol/search-terms';
import { ProtocolStore } from '../../main/protocol/store';
import { tempDir } from '../support/tools';

// Many matches: the search ranks the newest 500 that pass the filters. On a generated corpus where
// words match more than the 1,000 that FTS5 ranks over all, the fast ways (FTS5 scoring as it
// walks, the core scoring the current text) give the hits and the order of the plain way written
// here: the newest 500 matching entries that are not deleted, each scored by bm25 from its text,
// ties broken by the newer time of day, then the newer entry.

const WORDS = ['қарыз', 'қарызды', 'шарт', 'шарты', 'куәгер', 'жауапкер', 'талап', 'сотқа', 'договор', 'займа', 'расписка',
  'свидетель', 'ходатайство', 'эксперт', 'сумма', 'төлем', 'мерзім', 'келісім', 'ақша', 'шешім'];

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

let db: Db;

beforeAll(() => {
  db = openStationDatabase(tempDir('hattama-search-bounded-'));
  const store = new ProtocolStore(db);
  const r = lcg(29);
  const h = store.createHearing({ caseNumber: '2-900/2025', source: 'adhoc' });
  const people = ['Қасымов Ғалым', 'Үсенов Ұлан', 'Иванова Мария'].map((name) => store.addParticipant({ hearingId: h.id, name, role: 'witness' }));
  const ids: number[] = [];
  store.tx(() => {
    for (let i = 0; i < 2400; i++) {
      const n = 3 + Math.floor(r() * 10);
      const text = Array.from({ length: n }, () => WORDS[Math.floor(WORDS.length * r() ** 2)]!).join(' ');
      // Times of day not in the order of the entries (a note begun before it was committed), and some equal.
      const startedAt = new Date(Date.parse('2025-05-10T09:00:00Z') + Math.floor(r() * 600) * 60_000).toISOString();
      const speaker = i % 4 === 0 ? people[i % 3]! : undefined;
      ids.push(store.logEntry({ hearingId: h.id, kind: 'note', text, startedAt, ...(speaker ? { speakerId: speaker.id } : {}) }).id);
    }
  });
  for (let i = 2000; i < 2400; i += 37) store.deleteEntry({ entryId: ids[i]! });
  for (let i = 2100; i < 2400; i += 41) store.editEntry({ entryId: ids[i]!, text: 'қарыз қарыз шарт' });
});
afterAll(() => db?.close());

/**
 * The plain way: the matches read from the tables, all of them when there are at most 1,000 (as
 * FTS5 ranks them), else the newest 500 not deleted, each scored from its text.
 */
function plainWay(text: string, speakerOnly = false): { ids: number[]; bounded: boolean } {
  catchUpIndex(db); // the index is written after the commits (the search does the same first)
  const tokens = searchTokens(db, text);
  const phrases = tokens.map((t) => `"${t}"*`);
  const match = (e: string) => (speakerOnly ? `speaker : (${e})` : e);
  const count = (e: string) => db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM entry_fts WHERE entry_fts MATCH ?').get(match(e))!.n;
  const bounded = count(phrases.join(' ')) > 1000;
  const candidates = db
    .prepare<[string, number], { id: number; started_at: string; text: string; speaker: string | null }>(`SELECT e.id, e.started_at, r.text, r.speaker FROM entries e
      JOIN entry_revisions r ON r.entry_id = e.id AND r.rev = (SELECT max(rev) FROM entry_revisions WHERE entry_id = e.id)
      WHERE e.id IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?) AND r.deleted = 0 ORDER BY e.id DESC LIMIT ?`)
    .all(match(phrases.join(' ')), bounded ? 500 : -1);
  const totals = indexTotals(db);
  const idfs = phrases.map((p) => (phrases.length === 1 ? 1 : idf(totals.rows, Math.min(count(p), 20_001))));
  const input = { phrases: tokens, speakerOnly, idfs, avgTokens: totals.avgTokens };
  const ids = candidates
    .map((c) => ({ c, s: score(c, input) }))
    .sort((a, b) => b.s - a.s || (a.c.started_at < b.c.started_at ? 1 : a.c.started_at > b.c.started_at ? -1 : b.c.id - a.c.id))
    .slice(0, 50)
    .map((x) => x.c.id);
  return { ids, bounded };
}

const entryIds = (hits: ReturnType<typeof search>) => hits.flatMap((h) => (h.entry ? [h.entry.id] : []));

describe('search over many matches', () => {
  const cases: Array<[string, string, boolean]> = [
    ['a common word', 'қарыз', false],
    ['two common words', 'шарт ақша', false],
    ['three letters', 'дог', false],
    ['three letters of a common word', 'қар', false],
    ['a word and a rarer one', 'төлем келісім', false],
    ['a participant', 'Үсенов', true],
  ];
  for (const [name, text, speakerOnly] of cases) {
    it(`${name}: the same hits in the same order as the plain way, both fast ways`, () => {
      const { ids: expected, bounded } = plainWay(text, speakerOnly);
      expect(expected.length).toBe(50);
      const q = speakerOnly ? { participant: text } : { text };
      expect(entryIds(search(db, q))).toEqual(expected);
      // Over more than 1,000 matches both fast ways must give it (the search picks one by the words' counts).
      if (bounded) for (const way of ['bounded', 'bounded-core'] as const) expect(entryIds(search(db, q, way)), way).toEqual(expected);
    });
  }
});
