import type { SearchHit } from '../../common/contract/protocol';
import type { EntryKind } from '../../common/protocol/kinds';
import type { Db } from '../db/database';
import { ENTRY_COLUMNS, ENTRY_KIND, HEARING_COLUMNS, toEntry, toHearing, type EntryRow, type HearingRow } from './rows';
import { filterSql, rankedEntryIds, type EntryPlan, type RankWay } from './search-entries';
import { prefixExpression, searchTokens } from './search-terms';
import { MARK_CLOSE, MARK_OPEN } from '../../common/protocol/search-marks';
import { exhibitsNamed, kindsNamed } from './search-named';
import { catchUpIndex } from './search-index';

export interface SearchQuery {
  text?: string;
  participant?: string;
  caseNumber?: string;
  from?: string;
  to?: string;
  kinds?: EntryKind[];
  hearingId?: number;
  includeDeleted?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * Words -> an FTS5 query: every word must occur, each as a prefix ("жауап" finds "жауапкер"),
 * each quoted so that no user input is read as FTS syntax. Empty when there are no words.
 * Used for the roster (participant_fts, a few names per hearing); entries: search-terms.ts.
 */
export function ftsQuery(s: string | undefined, column?: string): string {
  const words = (s ?? '').match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = words.slice(0, 16).map((w) => `"${w}"*`);
  if (terms.length === 0) return '';
  return column ? `${column} : (${terms.join(' ')})` : terms.join(' ');
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

type HitRow = EntryRow & { [K in `h_${keyof HearingRow}`]: unknown };

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Text around the first matched word, each matched word between MARK_OPEN and MARK_CLOSE
 * (control characters, which entry text never holds: the console shows them as highlighting,
 * the CLI as « »). Made here for the page of hits only: FTS5's snippet() would be computed for
 * every match before the LIMIT.
 */
export function makeSnippet(text: string, query: string, width = 16): string {
  const terms = (query.match(WORD) ?? []).map((w) => w.toLocaleLowerCase());
  const words = [...text.matchAll(WORD)];
  if (words.length === 0) return '';
  const hit = (w: string) => {
    const l = w.toLocaleLowerCase();
    return terms.some((t) => l.startsWith(t));
  };
  const first = Math.max(0, words.findIndex((m) => hit(m[0])));
  const from = Math.max(0, first - Math.floor(width / 3));
  const to = Math.min(words.length, from + width);
  let out = '';
  let pos = words[from]!.index!;
  for (let i = from; i < to; i++) {
    const m = words[i]!;
    out += text.slice(pos, m.index) + (hit(m[0]) ? `${MARK_OPEN}${m[0]}${MARK_CLOSE}` : m[0]);
    pos = m.index! + m[0].length;
  }
  return `${from > 0 ? '…' : ''}${out.replace(/\s+/g, ' ')}${to < words.length ? '…' : ''}`;
}

/**
 * Full-text search over every protocol on the station. With entry text or a participant name
 * it returns matching entries (best first); a participant also finds hearings whose roster
 * names them. With only a case number or dates it returns hearings. How entries are found and
 * ranked: search-entries.ts. `force` is for tests: the bounded way even for few matches.
 */
export function search(db: Db, q: SearchQuery, force?: RankWay): SearchHit[] {
  // Every committed revision is searchable: what the background has not yet indexed is indexed first.
  catchUpIndex(db);
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const textTokens = searchTokens(db, q.text);
  const speakerTokens = searchTokens(db, q.participant);
  const rosterQ = ftsQuery(q.participant);

  if (textTokens.length === 0 && speakerTokens.length === 0) return hearingHits(db, q, '', limit, offset);

  const textWords = expressions(db, textTokens);
  const speakerWords = expressions(db, speakerTokens);
  const hits: SearchHit[] = [];
  const speakerOnly = textTokens.length === 0;
  const words = speakerOnly ? speakerWords : textWords;
  // Entries named by the words (an event kind, an exhibit) come first, newest first; the text's
  // matches follow, without those. Paging runs over the two lists in that order.
  const named = speakerOnly || q.participant?.trim() ? { ids: [], by: new Map<number, 'kind' | 'exhibit'>() } : namedEntries(db, q);
  const namedPage = named.ids.slice(offset, offset + limit);
  if (namedPage.length) {
    const rows = entryRows(db, namedPage);
    for (const id of namedPage) {
      const r = rows.get(id)!;
      const by = named.by.get(id)!;
      hits.push({ hearing: hitHearing(r), entry: toEntry(r), matched: by, snippet: makeSnippet(by === 'exhibit' && r.exhibit_description ? `№ ${r.exhibit_number ?? ''} ${r.exhibit_description}` : r.text, q.text ?? '') });
    }
  }
  const textOffset = Math.max(0, offset - named.ids.length);
  const textLimit = limit - namedPage.length;
  const seen = new Set(named.ids);
  if (words && textLimit > 0) {
    const tokens = speakerOnly ? speakerTokens : textTokens;
    const plan: EntryPlan = { words, phrases: tokens.map(phrase), tokens, speakerOnly, notDeleted: false, where: [], params: [], window: null };
    if (!speakerOnly && rosterQ) {
      // text AND the participant: either they spoke it or they are on that hearing's roster
      plan.where.push(`(${speakerWords ? 'e.id IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?) OR ' : ''}e.hearing_id IN (SELECT p.hearing_id FROM participant_fts pf JOIN participants p ON p.id = pf.rowid WHERE participant_fts MATCH ?))`);
      if (speakerWords) plan.params.push(`speaker : (${speakerWords.join(' AND ')})`);
      plan.params.push(rosterQ);
    }
    addEntryFilters(db, q, plan);
    // Asked for as many more as the named entries could hide from this page.
    const page = rankedEntryIds(db, plan, textOffset, textLimit + Math.min(seen.size, NAMED_LIMIT), force).filter((id) => !seen.has(id)).slice(0, textLimit);
    const rows = entryRows(db, page);
    const shown = [q.text, q.participant].filter(Boolean).join(' ');
    for (const id of page) {
      const r = rows.get(id)!;
      hits.push({ hearing: hitHearing(r), entry: toEntry(r), matched: 'text', snippet: makeSnippet(speakerOnly ? `${r.speaker ?? ''}: ${r.text}` : r.text, shown) });
    }
  }

  // A participant without text: also the hearings where they are on the roster.
  if (speakerOnly && rosterQ && offset === 0 && hits.length < limit) {
    const seen = new Set(hits.map((h) => h.hearing.id));
    for (const h of hearingHits(db, q, rosterQ, limit - hits.length, 0)) if (!seen.has(h.hearing.id)) hits.push(h);
  }
  return hits;
}

/** At most this many entries named by the words (kind, exhibit): a search, not a listing. */
const NAMED_LIMIT = 200;

/** Entries whose kind's name or exhibit holds the words, passing the filters, newest first. */
function namedEntries(db: Db, q: SearchQuery): { ids: number[]; by: Map<number, 'kind' | 'exhibit'> } {
  const kinds = kindsNamed(q.text);
  const exhibits = exhibitsNamed(db, q.text);
  const by = new Map<number, 'kind' | 'exhibit'>();
  if (kinds.length === 0 && exhibits.length === 0) return { ids: [], by };
  const plan: EntryPlan = { words: [], phrases: [], tokens: [], speakerOnly: false, notDeleted: false, where: [], params: [], window: null };
  addEntryFilters(db, q, plan);
  const named: string[] = [];
  // By the current kind: logged as one and not corrected away, or corrected to one (few revisions: entry_revisions_kind).
  const kindIn = `IN (${kinds.map(() => '?').join(', ')})`;
  if (kinds.length) named.push(`((e.kind ${kindIn} OR e.id IN (SELECT entry_id FROM entry_revisions WHERE kind ${kindIn})) AND ${ENTRY_KIND} ${kindIn})`);
  if (exhibits.length) named.push(`e.exhibit_id IN (${exhibits.map(() => '?').join(', ')})`);
  const rows = db
    .prepare<unknown[], { id: number; kind: string; exhibit_id: number | null }>(`SELECT e.id, ${ENTRY_KIND} AS kind, e.exhibit_id FROM entries e JOIN hearings h ON h.id = e.hearing_id
      WHERE (${named.join(' OR ')})${filterSql(plan, 'e.id')}
      ORDER BY e.started_at DESC, e.id DESC LIMIT ?`)
    .all(...kinds, ...kinds, ...kinds, ...exhibits, ...plan.params, NAMED_LIMIT);
  const kindSet = new Set<string>(kinds);
  for (const r of rows) by.set(r.id, kindSet.has(r.kind) ? 'kind' : 'exhibit');
  return { ids: rows.map((r) => r.id), by };
}

/** Each word as an expression FTS5 walks lazily; null when one of them starts no word of the index (nothing matches all). */
function expressions(db: Db, tokens: string[]): string[] | null {
  if (tokens.length === 0) return null;
  const parts = tokens.map((t) => prefixExpression(db, t));
  return parts.every((p) => p !== null) ? (parts as string[]) : null;
}

const phrase = (token: string) => `"${token.replace(/"/g, '""')}"*`;

/** The page's entries with their current revision, exhibit and hearing, by id. */
function entryRows(db: Db, ids: number[]): Map<number, HitRow> {
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare<unknown[], HitRow>(`SELECT ${ENTRY_COLUMNS},
      h.id AS h_id, h.case_number AS h_case_number, h.court AS h_court, h.courtroom AS h_courtroom, h.judge AS h_judge,
      h.scheduled_start AS h_scheduled_start, h.actual_start AS h_actual_start, h.status AS h_status
    FROM entries e
    JOIN entry_revisions r ON r.entry_id = e.id AND r.rev = (SELECT max(rev) FROM entry_revisions WHERE entry_id = e.id)
    LEFT JOIN exhibits x ON x.id = e.exhibit_id
    JOIN hearings h ON h.id = e.hearing_id
    WHERE e.id IN (${ids.map(() => '?').join(', ')})`)
    .all(...ids);
  return new Map(rows.map((r) => [r.id, r]));
}

type Range = { lo: number | null; hi: number | null };
/** Entries in a date range counted up to this many for their rowid range; more: the filter alone. */
const DATE_SCAN_LIMIT = 200_000;

interface DateWindow extends Range {
  /** Entries up to this id are counted in it; entries are append-only, so those never change. */
  upTo: number;
  n: number;
}
const dateWindows = new WeakMap<Db, Map<string, DateWindow>>();

/**
 * The rowid range of the entries whose time of day is in [from, to), from the time index while
 * there are not too many (entries are written in about the order of their times, so the range
 * is tight). Kept per connection: entries are never changed or removed, so a range stays right
 * for the entries it counted, and is brought up to date from the entries added since.
 */
function dateWindow(db: Db, from: string, to: string): Range | null {
  let cache = dateWindows.get(db);
  if (!cache) dateWindows.set(db, (cache = new Map()));
  const key = `${from}/${to}`;
  const last = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM entries').get()!.id ?? 0;
  let w = cache.get(key);
  if (!w) {
    const r = db.prepare<[string, string, number, number], Range & { n: number }>('SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM (SELECT id FROM entries WHERE started_at >= ? AND started_at < ? AND id <= ? LIMIT ?)').get(from, to, last, DATE_SCAN_LIMIT + 1)!;
    w = { ...r, upTo: last };
  } else if (last > w.upTo) {
    const r = db.prepare<[number, string, string], Range & { n: number }>('SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM entries WHERE id > ? AND started_at >= ? AND started_at < ?').get(w.upTo, from, to)!;
    w = { lo: w.lo ?? r.lo, hi: r.hi ?? w.hi, n: w.n + r.n, upTo: last };
  }
  if (cache.size > 64) cache.clear();
  cache.set(key, w);
  return w.n <= DATE_SCAN_LIMIT ? w : null;
}

/** The filters as conditions on entries e and hearings h, and the rowid range they confine the entries to. */
function addEntryFilters(db: Db, q: SearchQuery, plan: EntryPlan): void {
  const { where, params } = plan;
  plan.notDeleted = !q.includeDeleted;
  const window = { lo: -Infinity, hi: Infinity };
  const within = (r: Range | undefined) => {
    window.lo = Math.max(window.lo, r?.lo ?? Infinity);
    window.hi = Math.min(window.hi, r?.hi ?? -Infinity);
  };
  if (q.caseNumber?.trim()) {
    where.push("h.case_number LIKE ? ESCAPE '\\'");
    params.push(`%${likeEscape(q.caseNumber.trim())}%`);
    const ids = db.prepare<[string], { id: number }>("SELECT id FROM hearings WHERE case_number LIKE ? ESCAPE '\\' LIMIT 65").all(`%${likeEscape(q.caseNumber.trim())}%`);
    // A few hearings: their entries' rowid range (each hearing's entries are mostly written together).
    if (ids.length <= 64) within(db.prepare<number[], Range>(`SELECT min(id) AS lo, max(id) AS hi FROM entries WHERE hearing_id IN (${ids.map(() => '?').join(', ') || 'NULL'})`).get(...ids.map((r) => r.id)));
  }
  if (q.from || q.to) {
    const from = q.from ? new Date(q.from).toISOString() : '';
    const to = q.to ? new Date(q.to).toISOString() : '\uffff';
    where.push('e.started_at >= ? AND e.started_at < ?');
    params.push(from, to);
    const r = dateWindow(db, from, to);
    if (r) within(r);
  }
  if (q.kinds?.length) {
    where.push(`${ENTRY_KIND} IN (${q.kinds.map(() => '?').join(', ')})`);
    params.push(...q.kinds);
  }
  if (q.hearingId !== undefined) {
    where.push('e.hearing_id = ?');
    params.push(q.hearingId);
    within(db.prepare<[number], Range>('SELECT min(id) AS lo, max(id) AS hi FROM entries WHERE hearing_id = ?').get(q.hearingId));
  }
  if (window.lo !== -Infinity || window.hi !== Infinity) plan.window = window;
}

/** Hearings by case number, date range and (optionally) a roster name. */
function hearingHits(db: Db, q: SearchQuery, rosterQ: string, limit: number, offset: number): SearchHit[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (rosterQ) {
    where.push('h.id IN (SELECT p.hearing_id FROM participant_fts pf JOIN participants p ON p.id = pf.rowid WHERE participant_fts MATCH ?)');
    params.push(rosterQ);
  }
  if (q.caseNumber?.trim()) {
    where.push("h.case_number LIKE ? ESCAPE '\\'");
    params.push(`%${likeEscape(q.caseNumber.trim())}%`);
  }
  const day = 'coalesce(h.actual_start, h.scheduled_start, h.created_at)';
  if (q.from) {
    where.push(`${day} >= ?`);
    params.push(new Date(q.from).toISOString());
  }
  if (q.to) {
    where.push(`${day} < ?`);
    params.push(new Date(q.to).toISOString());
  }
  if (q.hearingId !== undefined) {
    where.push('h.id = ?');
    params.push(q.hearingId);
  }
  const sql = `SELECT ${HEARING_COLUMNS}, (SELECT group_concat(name, ', ') FROM participants p WHERE p.hearing_id = h.id) AS roster
    FROM hearings h ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${day} DESC, h.id DESC LIMIT ? OFFSET ?`;
  const rows = db.prepare<unknown[], HearingRow & { roster: string | null }>(sql).all(...params, limit, offset);
  return rows.map((r) => {
    const h = toHearing(r);
    return {
      hearing: { id: h.id, caseNumber: h.caseNumber, court: h.court, courtroom: h.courtroom, judge: h.judge, scheduledStart: h.scheduledStart, actualStart: h.actualStart, status: h.status },
      entry: null,
      snippet: r.roster ?? '',
    };
  });
}

function hitHearing(r: HitRow): SearchHit['hearing'] {
  return {
    id: r.h_id as number,
    caseNumber: r.h_case_number as string,
    court: r.h_court as string,
    courtroom: r.h_courtroom as string,
    judge: r.h_judge as string,
    scheduledStart: r.h_scheduled_start as string | null,
    actualStart: r.h_actual_start as string | null,
    status: r.h_status as SearchHit['hearing']['status'],
  };
}
