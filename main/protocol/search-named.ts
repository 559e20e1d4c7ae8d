import { ENTRY_KINDS, type EntryKind } from '../../common/protocol/kinds';
import protocolMessages from '../../common/i18n/protocol';
import type { Db } from '../db/database';

// Search by what the protocol names rather than what the secretary typed: an event by its kind's
// name (the secretary's button, in Kazakh, Russian or English: a judge may search in either
// language whatever the console's), and the entries about an exhibit by its number or
// description. Words match as prefixes, all of them, letter case and diacritics aside.

const WORD = /[\p{L}\p{N}]+/gu;
/** Words shorter than this name no kind ("с" would be in half of them); digits always count. */
const MIN_KIND_WORD = 3;

/** Lower case, without diacritics (й and и, ё and е alike, as the full-text index folds them). */
export function foldWords(s: string): string[] {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').toLocaleLowerCase().match(WORD) ?? [];
}

const covers = (words: string[], query: string[]) => query.every((q) => words.some((w) => w.startsWith(q)));

let kindNames: Array<[EntryKind, string[][]]> | null = null;

function names(): Array<[EntryKind, string[][]]> {
  kindNames ??= ENTRY_KINDS.map((k) => {
    const labels = (['kk', 'ru', 'en'] as const).map((lang) => (protocolMessages[lang].kinds as Record<string, unknown>)[k]);
    return [k, labels.filter((l): l is string => typeof l === 'string').map(foldWords)];
  });
  return kindNames;
}

/** The kinds whose name, in any of the three languages, holds every word of the text. */
export function kindsNamed(text: string | undefined): EntryKind[] {
  const q = foldWords(text ?? '');
  if (q.length === 0 || q.some((w) => w.length < MIN_KIND_WORD && !/\d/.test(w))) return [];
  return names()
    .filter(([, labels]) => labels.some((l) => covers(l, q)))
    .map(([k]) => k);
}

interface FoldedExhibit {
  id: number;
  words: string[];
}
const exhibitCache = new WeakMap<Db, { stamp: string; rows: FoldedExhibit[] }>();

/** Exhibits whose number and description hold every word of the text (at most `limit`). */
export function exhibitsNamed(db: Db, text: string | undefined, limit = 500): number[] {
  const q = foldWords(text ?? '');
  if (q.length === 0) return [];
  // Exhibits change (their status, a corrected description): folded again when any did.
  const stamp = db.prepare<[], { s: string }>("SELECT count(*) || '/' || coalesce(max(updated_at), '') AS s FROM exhibits").get()!.s;
  let cached = exhibitCache.get(db);
  if (!cached || cached.stamp !== stamp) {
    const rows = db.prepare<[], { id: number; number: string; description: string }>('SELECT id, number, description FROM exhibits').all();
    cached = { stamp, rows: rows.map((r) => ({ id: r.id, words: foldWords(`${r.number} ${r.description}`) })) };
    exhibitCache.set(db, cached);
  }
  const out: number[] = [];
  for (const x of cached.rows) {
    if (covers(x.words, q)) out.push(x.id);
    if (out.length >= limit) break;
  }
  return out;
}
