import type { Db } from '../db/database';
import { fold, idf, indexTotals, rank, type Candidate } from './search-rank';

// Which entries a search returns, best first, in two ways (docs/protocol.md, Search):
// - few matches (every word in at most WORD_LIMIT entries, all words together in at most
//   SMALL_LIMIT): FTS5 ranks every match with its own bm25, the words as prefix phrases, exactly
//   as before; the filters are then checked in rank order, only as far as the page needs;
// - more: the newest CANDIDATE_BOUND matches that pass the filters (the index walked newest first,
//   words as ORs of whole words, the filters' entry ranges as rowid bounds) ranked by the same
//   bm25 computed here (search-rank.ts).

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
  /** Conditions on entries e and hearings h, with their parameters. */
  where: string[];
  params: unknown[];
  /** Rowid bounds that every entry passing the filters is within (from the filters). */
  window: { lo: number; hi: number } | null;
}

const inColumn = (p: EntryPlan, e: string) => (p.speakerOnly ? `speaker : (${e})` : e);

/** The page's entry ids, best first. */
export function rankedEntryIds(db: Db, p: EntryPlan, offset: number, limit: number, force?: 'bounded'): number[] {
  const count = db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM entry_fts WHERE entry_fts MATCH ? LIMIT ?)');
  const match = inColumn(p, p.words.join(' AND '));
  const wordHits = p.words.map((w) => count.get(inColumn(p, w), WORD_LIMIT + 1)!.n);
  const small = wordHits.every((n) => n <= WORD_LIMIT) && count.get(match, SMALL_LIMIT + 1)!.n <= SMALL_LIMIT;
  return small && force !== 'bounded' ? exact(db, p, offset, limit) : bounded(db, p, match, wordHits, offset, limit);
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
        WHERE e.id IN (${chunk.map(() => '?').join(', ')})${p.where.map((w) => ` AND ${w}`).join('')}`)
      .all(...chunk.map((r) => r.id), ...p.params);
    for (const r of rows) kept.push({ ...r, rank: rankOf.get(r.id)! });
    // Enough once the page is full and the next row does not tie with the last one read.
    const next = ranked[i + CHUNK];
    if (kept.length >= want && (next === undefined || next.rank !== chunk[chunk.length - 1]!.rank)) break;
  }
  kept.sort((a, b) => a.rank - b.rank || (a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : b.id - a.id));
  return kept.slice(offset, offset + limit).map((r) => r.id);
}

function bounded(db: Db, p: EntryPlan, match: string, wordHits: number[], offset: number, limit: number): number[] {
  const where = ['entry_fts MATCH ?', ...p.where];
  const params: unknown[] = [match, ...p.params];
  if (p.window) {
    where.push('f.rowid >= ? AND f.rowid <= ?');
    params.push(p.window.lo, p.window.hi);
  }
  const candidates = db
    .prepare<unknown[], Candidate>(`SELECT e.id, e.started_at, r.text, r.speaker FROM entry_fts f
      JOIN entries e ON e.id = f.rowid
      JOIN hearings h ON h.id = e.hearing_id
      JOIN entry_revisions r ON r.entry_id = e.id AND r.rev = (SELECT max(rev) FROM entry_revisions WHERE entry_id = e.id)
      WHERE ${where.join(' AND ')} ORDER BY f.rowid DESC LIMIT ?`)
    .all(...params, Math.max(CANDIDATE_BOUND, offset + limit));
  const totals = indexTotals(db);
  // A single word's idf scales every score alike; several words weigh by how rare each is (counted up to WORD_LIMIT).
  const idfs = wordHits.map((n) => (wordHits.length === 1 ? 1 : idf(totals.rows, n)));
  return rank(candidates, { phrases: p.tokens.map(fold), speakerOnly: p.speakerOnly, idfs, avgTokens: totals.avgTokens || 1 })
    .slice(offset, offset + limit)
    .map((c) => c.id);
}
