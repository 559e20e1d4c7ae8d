import type Database from 'better-sqlite3';
import type { Db } from '../db/database';

// The words of a search as FTS5 expressions that can be walked newest first and stopped early.
// A prefix without an index of its own ("жауап"* over a million entries) makes FTS5 merge the
// full list of every word that starts with it before it yields a single row; here a prefix of
// 2 or 3 letters reads its prefix index (entry_fts prefix = '2 3'), and a longer one becomes the
// OR of the whole words that start with it, from the dictionary entry_terms (written with the
// index, search-index.ts). Schema: main/protocol/schema.ts, steps 4 and 9.

/** More whole words than this for one prefix: the plain prefix query (slow, but right). */
const MAX_EXPANSION = 256;
/** The user's words taken, as before: letters and digits, at most 16. */
const MAX_WORDS = 16;
const HIGH = '\u{10FFFF}';

interface Statements {
  put: Database.Statement;
  tokens: Database.Statement<[], { term: string; offset: number }>;
  clear: Database.Statement;
  dict: Database.Statement<[string, string], { term: string }>;
  firstFrom: Database.Statement<[string, string], { term: string }>;
}

const prepared = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = prepared.get(db);
  if (s) return s;
  // The query's words are cut and folded by the same tokenizer as the index (an in-memory table
  // of this connection), so "ҚАРЫЗ" and "қарыз" and any folding FTS5 does agree exactly.
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words USING fts5 (q, content = '', tokenize = 'unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words_vocab USING fts5vocab (temp, search_words, instance);`);
  s = {
    put: db.prepare('INSERT INTO temp.search_words (rowid, q) VALUES (1, ?)'),
    tokens: db.prepare('SELECT term, "offset" FROM temp.search_words_vocab'),
    clear: db.prepare("INSERT INTO temp.search_words (search_words) VALUES ('delete-all')"),
    dict: db.prepare('SELECT term FROM entry_terms WHERE term >= ? AND term < ? LIMIT 257'),
    firstFrom: db.prepare('SELECT term FROM entry_terms WHERE term >= ? AND term < ? LIMIT 1'),
  };
  prepared.set(db, s);
  return s;
}

/** The search words as the index has them (folded, in the order typed), at most 16. */
export function searchTokens(db: Db, text: string | undefined): string[] {
  const words = (text ?? '').match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return [];
  const s = statements(db);
  s.put.run(words.slice(0, MAX_WORDS).join(' '));
  try {
    return s.tokens.all().sort((a, b) => a.offset - b.offset).map((r) => r.term);
  } finally {
    s.clear.run();
  }
}

const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;

/** Every word of the index that starts with the prefix (from the dictionary); null when more than the bound. */
function wordsStartingWith(s: Statements, prefix: string): string[] | null {
  const words = s.dict.all(prefix, prefix + HIGH).map((r) => r.term);
  return words.length > MAX_EXPANSION ? null : words;
}

/** One letter: the word itself and the two-letter prefixes that exist (each read from its prefix index). */
function oneLetter(s: Statements, letter: string): string | null {
  const parts = new Set<string>();
  let from = letter;
  for (;;) {
    const next = s.firstFrom.get(from, letter + HIGH)?.term;
    if (next === undefined) break;
    const two = [...next].slice(0, 2).join('');
    parts.add(two);
    from = two + HIGH;
  }
  if (parts.size === 0) return null;
  return `(${[...parts].sort().map((p) => ([...p].length === 1 ? quote(p) : `${quote(p)}*`)).join(' OR ')})`;
}

/**
 * The FTS5 expression for one search word taken as a prefix, or null when no word of the index
 * starts with it (then nothing can match).
 */
export function prefixExpression(db: Db, token: string): string | null {
  const n = [...token].length;
  if (n === 2 || n === 3) return `${quote(token)}*`;
  const s = statements(db);
  if (n === 1) return oneLetter(s, token);
  const words = wordsStartingWith(s, token);
  if (words === null) return `${quote(token)}*`;
  if (words.length === 0) return null;
  return words.length === 1 ? quote(words[0]!) : `(${words.map(quote).join(' OR ')})`;
}
