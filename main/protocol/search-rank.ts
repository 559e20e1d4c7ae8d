import type { Db } from '../db/database';

// bm25 as FTS5's bm25() computes it (k1 = 1.2, b = 0.75, every column weight 1; fts5_aux.c), for a
// bounded set of candidate entries instead of every match. FTS5's own bm25() first counts every
// row of every phrase's list for its idf, which for a common word is the whole index: that
// count alone takes longer than the whole answer may. Here the statistics come from the index's
// averages record (rows, tokens) and from a count of each phrase's matches up to IDF_COUNT_LIMIT;
// the frequencies from the candidate's own text, cut and folded as the tokenizer does.

const K1 = 1.2;
const B = 0.75;
/** A phrase counted up to this many rows; a commoner one weighs as if it had exactly this many (only relative weights of several words depend on it). */
export const IDF_COUNT_LIMIT = 20_000;
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

/**
 * What unicode61 remove_diacritics 2 does to a token, near enough for counting it: lower case,
 * and Latin letters without their diacritics ("é" is "e"); Cyrillic keeps its letters (й, ё).
 */
export function fold(s: string): string {
  const lower = s.toLowerCase();
  return LATIN_DIACRITIC.test(lower) ? lower.replace(LATIN_DIACRITICS, (c) => c.normalize('NFD').replace(/\p{M}+/gu, '')) : lower;
}
const LATIN_DIACRITIC = /[\u00c0-\u024f\u1e00-\u1eff]/;
const LATIN_DIACRITICS = /[\u00c0-\u024f\u1e00-\u1eff]/g;

/** Rows and tokens of entry_fts, read from its averages record (rowid 1 of entry_fts_data: varints nRow, then each column's token total). */
export function indexTotals(db: Db): { rows: number; avgTokens: number } {
  const row = db.prepare<[], { block: Buffer }>('SELECT block FROM entry_fts_data WHERE id = 1').get();
  if (!row) return { rows: 0, avgTokens: 0 };
  const values: number[] = [];
  let i = 0;
  const b = row.block;
  while (i < b.length) {
    // SQLite's varint: big-endian 7-bit groups, the 9th byte whole.
    let v = 0;
    let n = 0;
    for (;;) {
      const byte = b[i++]!;
      if (n === 8) {
        v = v * 256 + byte;
        break;
      }
      v = v * 128 + (byte & 0x7f);
      n++;
      if ((byte & 0x80) === 0) break;
    }
    values.push(v);
  }
  const [rows = 0, ...columns] = values;
  const tokens = columns.reduce((a, c) => a + c, 0);
  return { rows, avgTokens: rows > 0 ? tokens / rows : 0 };
}

/** idf as FTS5 has it: log((N - n + 0.5) / (n + 0.5)), and a tiny positive weight where that is not positive. */
export function idf(rows: number, hits: number): number {
  const v = Math.log((rows - hits + 0.5) / (hits + 0.5));
  return v <= 0 ? 1e-6 : v;
}

export interface Candidate {
  text: string;
  speaker: string | null;
}

export interface RankInput {
  /** The folded search words, one phrase each (a word is a prefix). */
  phrases: string[];
  /** Count a phrase's hits in the speaker column only (a participant without text). */
  speakerOnly: boolean;
  idfs: number[];
  avgTokens: number;
}

const tokensOf = (s: string): string[] => fold(s).match(TOKEN) ?? [];

/** A candidate's words, cut and folded as the tokenizer does. */
export interface CutText {
  text: string[];
  speaker: string[];
}

export const cutText = (c: Candidate): CutText => ({ text: tokensOf(c.text), speaker: c.speaker ? tokensOf(c.speaker) : [] });

/** The bm25 score (higher is better) of one candidate, from its words (cutText) when they are cut already. */
export function score(c: Candidate, r: RankInput, words: CutText = cutText(c)): number {
  const { text, speaker } = words;
  const d = text.length + speaker.length;
  const counted = r.speakerOnly ? speaker : text.concat(speaker);
  let total = 0;
  for (let i = 0; i < r.phrases.length; i++) {
    const p = r.phrases[i]!;
    let freq = 0;
    for (const t of counted) if (t.startsWith(p)) freq++;
    total += r.idfs[i]! * ((freq * (K1 + 1)) / (freq + K1 * (1 - B + (B * d) / r.avgTokens)));
  }
  return total;
}
