import type { Db } from '../db/database';
import { cutText, fold, idf, indexTotals, score, type CutText } from './search-rank';

// Which entries a search returns, best first (docs/protocol.md, Search):
// - few matches (every word in at most WORD_LIMIT entries, all words together in at most
//   SMALL_LIMIT): FTS5 ranks every match with its own bm25, the words as prefix phrases; the
//   filters are then checked in rank order, only as far as the page needs;
// - more: the newest CANDIDATE_BOUND matches that pass the filters, ranked by bm25. Where every
//   word is in at most WORD_LIMIT entries FTS5 scores them itself while it walks (its idf counts
//   are cheap then): no entry row is read. Where a word is commoner, its idf count would read the
//   word's whole list, so the core scores the candidates from their text (search-rank.ts), the
//   index walked newest first with the words as ORs of whole words (search-terms.ts).
// Either way a full tie is broken by the newer time of day, then the newer entry.

export const SMALL_LIMIT = 1000;
export const WORD_LIMIT = 20_000;
export const CANDIDATE_BOUND = 500;

export interface EntryPlan {
  /** Each word as the FTS5 expression walked lazily (search-terms.ts). */
  words: string[];
  /** Each word as the plain prefix phrase ("w"*), for FTS5's own ranking. */
  phrases: string[];
  /** The folded words, for counting them in a candidate's text. */
  tokens: string[];
  /** Only the speaker column (a participant without text). */
  speakerOnly: boolean;
  /** Leave out entries whose current revision is a deletion. */
  notDeleted: boolean;
  /** Conditions on entries e and hearings h, with their parameters. */
  where: string[];
  params: unknown[];
  /** Rowid bounds that every entry passing the filters is within (from the filters). */
  window: { lo: number; hi: number } | null;
}

/** How the page is ranked; chosen from the counts, or forced by tests. */
export type RankWay = 'exact' | 'bounded' | 'bounded-core';

const inColumn = (p: EntryPlan, e: string) => (p.speakerOnly ? `speaker : (${e})` : e);

/** Deleted: the current revision says so. entry_revisions_deleted holds only deletion revisions: one probe of a small index. */
const notDeletedSql = (id: string) =>
  `NOT EXISTS (SELECT 1 FROM entry_revisions d WHERE d.entry_id = ${id} AND d.deleted = 1 AND NOT EXISTS (SELECT 1 FROM entry_revisions n WHERE n.entry_id = ${id} AND n.rev > d.rev))`;

/** The filters on entries e and hearings h, the deleted check on `id`. */
export const filterSql = (p: EntryPlan, id: string) => [...(p.notDeleted ? [notDeletedSql(id)] : []), ...p.where].map((w) => ` AND ${w}`).join('');

/** The page's entry ids, best first. */
export function rankedEntryIds(db: Db, p: EntryPlan, offset: number, limit: number, force?: RankWay): number[] {
  const { wordHits, way } = force ? { wordHits: wordCounts(db, p), way: force } : chooseWay(db, p);
  if (way === 'exact') return p.where.length === 0 ? ordered(db, scoredAll(db, p), offset + limit).slice(offset, offset + limit) : exact(db, p, offset, limit);
  const scored = way === 'bounded' ? scoredByIndex(db, p, offset + limit) : scoredInCore(db, p, wordHits, offset + limit);
  return ordered(db, scored, offset + limit).slice(offset, offset + limit);
}

const count = (db: Db) => db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM entry_fts WHERE entry_fts MATCH ? LIMIT ?)');

/** Each word's matches, counted up to WORD_LIMIT + 1 (their idf, when there are several). */
const wordCounts = (db: Db, p: EntryPlan) => p.words.map((w) => count(db).get(inColumn(p, w), WORD_LIMIT + 1)!.n);

/**
 * The way by the counts. Several words: each counted up to WORD_LIMIT + 1 (their idf needs it),
 * all together up to SMALL_LIMIT + 1. One word: only its newest SMALL_LIMIT + 1 matches are
 * walked; beyond, how many there are is estimated from how far back they reach, to choose which
 * of the two bounded ways (they give the same order: the choice is only one of speed); a word
 * that may be near WORD_LIMIT is left to the core.
 */
function chooseWay(db: Db, p: EntryPlan): { wordHits: number[]; way: RankWay } {
  if (p.words.length === 1) {
    const newest = db
      .prepare<[string, number], { n: number; lo: number | null }>('SELECT count(*) AS n, min(id) AS lo FROM (SELECT rowid AS id FROM entry_fts WHERE entry_fts MATCH ? ORDER BY rowid DESC LIMIT ?)')
      .get(inColumn(p, p.words[0]!), SMALL_LIMIT + 1)!;
    if (newest.n <= SMALL_LIMIT) return { wordHits: [newest.n], way: 'exact' };
    const top = db.prepare<[], { id: number }>('SELECT max(id) AS id FROM entries').get()!.id;
    const estimate = (newest.n * top) / Math.max(1, top - newest.lo! + 1);
    return { wordHits: [newest.n], way: estimate <= WORD_LIMIT / 2 ? 'bounded' : 'bounded-core' };
  }
  const wordHits = wordCounts(db, p);
  const few = wordHits.every((n) => n <= WORD_LIMIT);
  const small = few && count(db).get(inColumn(p, p.words.join(' AND ')), SMALL_LIMIT + 1)!.n <= SMALL_LIMIT;
  return { wordHits, way: small ? 'exact' : few ? 'bounded' : 'bounded-core' };
}

/** Few matches and no filter but the deleted check: every match with FTS5's rank, no entry row read. */
function scoredAll(db: Db, p: EntryPlan): Scored[] {
  const sql = `SELECT f.rowid AS id, rank FROM entry_fts f WHERE entry_fts MATCH ?${p.notDeleted ? ` AND ${notDeletedSql('f.rowid')}` : ''}${p.window ? ' AND f.rowid >= ? AND f.rowid <= ?' : ''} ORDER BY rank`;
  const rows = db.prepare<unknown[], { id: number; rank: number }>(sql).all(inColumn(p, p.phrases.join(' ')), ...(p.window ? [p.window.lo, p.window.hi] : []));
  return rows.map((r) => ({ id: r.id, s: -r.rank }));
}

function exact(db: Db, p: EntryPlan, offset: number, limit: number): number[] {
  // The filters' rowid range does not change a rank: bm25's statistics are the whole index's.
  const ranked = db
    .prepare<unknown[], { id: number; rank: number }>(`SELECT rowid AS id, rank FROM entry_fts WHERE entry_fts MATCH ?${p.window ? ' AND rowid >= ? AND rowid <= ?' : ''} ORDER BY rank`)
    .all(inColumn(p, p.phrases.join(' ')), ...(p.window ? [p.window.lo, p.window.hi] : []));
  const kept: Array<{ id: number; rank: number; started_at: string }> = [];
  const want = offset + limit;
  const CHUNK = 128;
  for (let i = 0; i < ranked.length; i += CHUNK) {
    const chunk = ranked.slice(i, i + CHUNK);
    const rankOf = new Map(chunk.map((r) => [r.id, r.rank]));
    const rows = db
      .prepare<unknown[], { id: number; started_at: string }>(`SELECT e.id, e.started_at FROM entries e JOIN hearings h ON h.id = e.hearing_id
        WHERE e.id IN (${chunk.map(() => '?').join(', ')})${filterSql(p, 'e.id')}`)
      .all(...chunk.map((r) => r.id), ...p.params);
    for (const r of rows) kept.push({ ...r, rank: rankOf.get(r.id)! });
    // Enough once the page is full and the next row does not tie with the last one read.
    const next = ranked[i + CHUNK];
    if (kept.length >= want && (next === undefined || next.rank !== chunk[chunk.length - 1]!.rank)) break;
  }
  kept.sort((a, b) => a.rank - b.rank || (a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : b.id - a.id));
  return kept.slice(offset, offset + limit).map((r) => r.id);
}

interface Scored {
  id: number;
  /** Higher is better. */
  s: number;
}

/**
 * The index walked newest first under the filters, `deleted` the check on the current revision
 * that this walk makes. The entry and hearing rows are joined only when a filter needs them.
 */
function walk(p: EntryPlan, select: string, from: string, deleted: string): { sql: string; extra: unknown[] } {
  const rows = p.where.length > 0 ? ' JOIN entries e ON e.id = f.rowid JOIN hearings h ON h.id = e.hearing_id' : '';
  const conditions = [...(p.notDeleted ? [deleted] : []), ...p.where, ...(p.window ? ['f.rowid >= ? AND f.rowid <= ?'] : [])];
  return {
    sql: `SELECT ${select} FROM ${from}${rows} WHERE entry_fts MATCH ?${conditions.map((w) => ` AND ${w}`).join('')} ORDER BY f.rowid DESC LIMIT ?`,
    extra: p.window ? [p.window.lo, p.window.hi] : [],
  };
}

/**
 * The newest candidates scored by FTS5's bm25 as it walks them (the words as prefix phrases, as
 * in the exact way): every word is in at most WORD_LIMIT entries, so its idf count is cheap, and
 * the score comes from the index (positions, the entry's token count); no entry row is read.
 */
function scoredByIndex(db: Db, p: EntryPlan, want: number): Scored[] {
  const { sql, extra } = walk(p, 'f.rowid AS id, bm25(entry_fts) AS rank', 'entry_fts f', notDeletedSql('f.rowid'));
  const rows = db.prepare<unknown[], { id: number; rank: number }>(sql).all(inColumn(p, p.phrases.join(' ')), ...p.params, ...extra, Math.max(CANDIDATE_BOUND, want));
  return rows.map((r) => ({ id: r.id, s: -r.rank }));
}

/**
 * The newest candidates scored in the core from their current text: a word is in more than
 * WORD_LIMIT entries, and FTS5's bm25 would first count its whole list. The index is walked with
 * the words as ORs of whole words (lazily, newest first); the current revision is read for its
 * text, so whether it is a deletion costs no probe.
 */
function scoredInCore(db: Db, p: EntryPlan, wordHits: number[], want: number): Scored[] {
  const current = 'entry_fts f JOIN entry_revisions r ON r.entry_id = f.rowid AND r.rev = (SELECT max(rev) FROM entry_revisions WHERE entry_id = f.rowid)';
  const { sql, extra } = walk(p, 'f.rowid AS id, r.rev, r.text, r.speaker', current, 'r.deleted = 0');
  const candidates = db
    .prepare<unknown[], { id: number; rev: number; text: string; speaker: string | null }>(sql)
    .all(inColumn(p, p.words.join(' AND ')), ...p.params, ...extra, Math.max(CANDIDATE_BOUND, want));
  const totals = indexTotals(db);
  // A single word's idf scales every score alike; several words weigh by how rare each is (counted up to WORD_LIMIT).
  const idfs = wordHits.map((n) => (wordHits.length === 1 ? 1 : idf(totals.rows, n)));
  const input = { phrases: p.tokens.map(fold), speakerOnly: p.speakerOnly, idfs, avgTokens: totals.avgTokens || 1 };
  let cut = cuts.get(db);
  if (!cut) cuts.set(db, (cut = new Map()));
  return candidates.map((c) => {
    // A revision never changes: its words are cut once (the newest entries are the candidates of most searches for a common word).
    const key = `${c.id}:${c.rev}`;
    let words = cut.get(key);
    if (!words) {
      if (cut.size >= CUT_KEPT) cut.delete(cut.keys().next().value!);
      cut.set(key, (words = cutText(c)));
    }
    return { id: c.id, s: score(c, input, words) };
  });
}

/** Revisions' words kept per connection, the last CUT_KEPT cut. */
const cuts = new WeakMap<Db, Map<string, CutText>>();
const CUT_KEPT = 4096;

/**
 * The first `want` best first; where scores tie, the newer time of day, then the newer entry. The
 * times are read only for the tied entries that reach into those first `want`.
 */
function ordered(db: Db, scored: Scored[], want: number): number[] {
  const sorted = [...scored].sort((a, b) => b.s - a.s);
  const top = sorted.slice(0, want);
  const counts = new Map<number, number>();
  for (const c of sorted) counts.set(c.s, (counts.get(c.s) ?? 0) + 1);
  const reaching = new Set(top.filter((c) => counts.get(c.s)! > 1).map((c) => c.s));
  if (reaching.size === 0) return top.map((c) => c.id);
  const tied = sorted.filter((c) => reaching.has(c.s));
  const at = new Map<number, string>();
  const rows = db.prepare<number[], { id: number; started_at: string }>(`SELECT id, started_at FROM entries WHERE id IN (${tied.map(() => '?').join(', ')})`).all(...tied.map((c) => c.id));
  for (const r of rows) at.set(r.id, r.started_at);
  return sorted
    .filter((c) => c.s >= top[top.length - 1]!.s)
    .sort((a, b) => {
      if (b.s !== a.s) return b.s - a.s;
      const x = at.get(a.id)!;
      const y = at.get(b.id)!;
      return x < y ? 1 : x > y ? -1 : b.id - a.id;
    })
    .slice(0, want)
    .map((c) => c.id);
}
