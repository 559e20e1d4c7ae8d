import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../common/contract/protocol';
import { openStationDatabase } from '../../main/core/station-schema';
import type { Db } from '../../main/db/database';
import { search, type SearchQuery } from '../../main/protocol/search';
import { ProtocolStore } from '../../main/protocol/store';
import { tempDir } from '../support/tools';

// The search's ranking did not get worse: on a fixed corpus, every query returns the hits the
// search gave before it was made fast (FTS5 bm25 over every match, then the newest first), in
// the same order. The expected lists were taken from that implementation, on this corpus.

const WORDS = ['қарыз', 'қарызды', 'шарт', 'шарты', 'куә', 'куәгер', 'жауапкер', 'жауап', 'талап', 'сот', 'сотқа', 'дәлел',
  'договор', 'договора', 'займ', 'займа', 'расписка', 'свидетель', 'свидетеля', 'ходатайство', 'эксперт', 'суд', 'сумма', 'срок',
  'төлем', 'мерзім', 'келісім', 'ақша', 'үкім', 'шешім'];

/** A small deterministic generator: the same corpus on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

let db: Db;
const entryIds: number[] = [];
const hearingIds: number[] = [];

beforeAll(() => {
  db = openStationDatabase(tempDir('hattama-search-rank-'));
  const store = new ProtocolStore(db);
  const r = lcg(11);
  const cases = ['2-101/2025', '2-202/2025', '1-303/2025'];
  const people = [['Қасымов Ғалым', 'Иванова Мария'], ['Үсенов Ұлан', 'Петров Иван'], ['Сейітова Һәжар', 'Үсенова Әлия']];
  cases.forEach((caseNumber, h) => {
    const hearing = store.createHearing({ caseNumber, source: 'adhoc', scheduledStart: `2025-0${h + 3}-10T09:00:00Z` });
    hearingIds.push(hearing.id);
    const roster = people[h]!.map((name) => store.addParticipant({ hearingId: hearing.id, name, role: 'witness' }));
    for (let i = 0; i < 24; i++) {
      const n = 3 + Math.floor(r() * 14);
      const words = Array.from({ length: n }, () => WORDS[Math.floor(WORDS.length * r() ** 2)]!);
      const speaker = i % 3 === 0 ? roster[i % 2]! : undefined;
      const startedAt = new Date(Date.parse(`2025-0${h + 3}-10T09:00:00Z`) + i * 60_000).toISOString();
      const e = store.logEntry({ hearingId: hearing.id, kind: 'note', text: words.join(' '), startedAt, ...(speaker ? { speakerId: speaker.id } : {}) });
      entryIds.push(e.id);
    }
  });
  // An edit and a deletion: the search sees current revisions, and deleted ones only when asked.
  store.editEntry({ entryId: entryIds[5]!, text: 'қарыз қарыз қарыз туралы расписка' });
  store.deleteEntry({ entryId: entryIds[7]! });
});
afterAll(() => db?.close());

const ids = (hits: SearchHit[]) => hits.map((h) => (h.entry ? h.entry.id : `h${h.hearing.id}`));
const run = (q: SearchQuery) => ids(search(db, q));

const QUERIES: Record<string, SearchQuery> = {
  'one word': { text: 'қарыз' },
  'one word, inflected forms by prefix': { text: 'шарт' },
  'three letters': { text: 'дог' },
  'two letters': { text: 'су' },
  'one letter': { text: 'к' },
  'two words': { text: 'займ расписка' },
  'a word in Russian, capitalised': { text: 'Свидетель' },
  'word + case number': { text: 'қарыз', caseNumber: '2-202' },
  'word + date range': { text: 'сот', from: '2025-04-01T00:00:00Z', to: '2025-05-01T00:00:00Z' },
  participant: { participant: 'Үсенов' },
  'participant + word': { participant: 'Үсенов', text: 'шарт' },
  'deleted included': { text: 'ақша', includeDeleted: true },
  'second page': { text: 'қарыз', limit: 5, offset: 5 },
  'case number only': { caseNumber: '2-' },
};

const EXPECTED: Record<string, Array<number | string>> = {
  'one word': [41,  17,  6,  5,  16,  51,  38,  65,  12,  62,  36,  67,  18,  39,  3,  29,  45,  15,  28,  4,  70,  56,  48,  27,  57,  71,  2,  1,  10,  19,  14,  7,  33,  68,  24,  21,  47,  60,  46,  11,  64,  58,  40,  54,  26,  20,  61,  50,  23,  22],
  'one word, inflected forms by prefix': [69,  48,  55,  64,  3,  2,  9,  1,  31,  28,  44,  42,  17,  38,  41,  35,  21,  37,  53,  27,  60,  62,  54,  45,  72,  20,  32,  57,  13,  52,  25,  15,  63,  34,  11,  12,  26,  4,  16,  43],
  'three letters': [49,  14,  18,  65,  2,  45,  20,  56,  32,  17,  43,  68,  59,  41,  21,  27,  63,  11,  39,  62,  36,  31,  26,  72,  28,  19,  57,  16,  13],
  'two letters': [66,  68,  71,  58,  72,  4,  61,  56,  50,  9,  1,  42,  25,  24,  15,  53,  48,  27,  67,  65,  39,  62,  69,  28,  43,  37,  52],
  'one letter': [66,  39,  37,  12,  69,  20,  50,  32,  45,  51,  33,  13,  27,  30,  71,  2,  40,  29,  54,  36,  26,  10,  72,  19,  23,  22,  49,  43,  55,  44,  42,  7,  59,  63,  60,  46,  65,  62,  31,  28,  4,  17,  16],
  'two words': [14,  72,  71,  64,  28,  4,  57,  43],
  'a word in Russian, capitalised': [59,  5,  42,  14,  25,  63,  34,  3,  62,  36,  19,  43,  13,  52],
  'word + case number': [41,  38,  36,  39,  29,  45,  28,  48,  27,  33,  47,  46,  40,  26,  43,  42,  25,  34,  31],
  'word + date range': [35,  47,  40,  44,  41,  25,  34,  45,  36,  43,  37],
  'participant': [58,  70,  25,  64,  31,  43,  37,  52],
  'participant + word': [69,  48,  55,  64,  31,  28,  44,  42,  38,  41,  35,  37,  53,  27,  60,  62,  54,  45,  72,  32,  57,  52,  25,  63,  34,  26,  43],
  'deleted included': [22,  44,  42,  24,  15,  53,  48,  46,  34,  54,  10,  37],
  'second page': [51,  38,  65,  12,  62],
  'case number only': ["h2",  "h1"],
};

describe('search ranking on a fixed corpus', () => {
  it('gives the hits the search gave before, in the same order', () => {
    const got = Object.fromEntries(Object.entries(QUERIES).map(([k, q]) => [k, run(q)]));
    if (process.env.CAPTURE_SEARCH) console.log(JSON.stringify(got));
    expect(got).toEqual(EXPECTED);
  });

  it('ranks the same way when it ranks the newest matches (the ways for many matches: scored by the index, scored in the core)', () => {
    // Every match is within the candidate bound here, so both ways must agree with FTS5's bm25 over all matches.
    for (const way of ['bounded', 'bounded-core'] as const) {
      const got = Object.fromEntries(Object.entries(QUERIES).map(([k, q]) => [k, ids(search(db, q, way))]));
      expect(got, way).toEqual(EXPECTED);
    }
  });

  it('finds by prefix the words of entries just committed, which the index writes after the commit', () => {
    const store = new ProtocolStore(db);
    const h = store.createHearing({ caseNumber: '3-404/2025', source: 'adhoc' });
    const logged: number[] = [];
    // More entries than one batch of the index's catch-up; one rare word early, one late.
    for (let i = 0; logged.length < 560; i++) logged.push(store.logEntry({ hearingId: h.id, kind: 'note', text: i === 3 ? 'апелляциялық шағым' : i === 555 ? 'кассациялық өтінішхат' : `жазба ${i}` }).id);
    // Committed, queued, not yet in the index or its dictionary: the search writes them first.
    const pending = () => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM entry_fts_pending').get()!.n;
    expect(pending()).toBe(560);
    expect(run({ text: 'апелляц' })).toEqual([logged[3]]);
    expect(pending()).toBe(0);
    expect(db.prepare<[], { n: number }>("SELECT count(*) AS n FROM entry_terms WHERE term = 'апелляциялық'").get()!.n).toBe(1);
    expect(run({ text: 'КАССАЦ өтініш' })).toEqual([logged[555]]);
    expect(run({ text: 'жазба', hearingId: h.id, limit: 3 })).toHaveLength(3);
    expect(run({ text: 'апелляцияXYZ' })).toEqual([]);
  });

  it('a date range keeps finding entries logged after it was first searched', () => {
    const store = new ProtocolStore(db);
    const range = { from: '2026-06-01T00:00:00Z', to: '2026-07-01T00:00:00Z' };
    const h = store.createHearing({ caseNumber: '3-505/2026', source: 'adhoc' });
    const first = store.logEntry({ hearingId: h.id, kind: 'note', text: 'Маусымдағы жазба', startedAt: '2026-06-10T10:00:00Z' });
    expect(run({ text: 'маусым', ...range })).toEqual([first.id]);
    store.logEntry({ hearingId: h.id, kind: 'note', text: 'Маусымнан тыс жазба', startedAt: '2026-08-10T10:00:00Z' });
    const later = store.logEntry({ hearingId: h.id, kind: 'note', text: 'Маусымдағы екінші жазба', startedAt: '2026-06-20T10:00:00Z' });
    // The shorter entry ranks first (bm25), both ways.
    expect(run({ text: 'маусым', ...range })).toEqual([first.id, later.id]);
    expect(ids(search(db, { text: 'маусым', ...range }, 'bounded'))).toEqual([first.id, later.id]);
  });
});
