import type { SearchHit } from '../../common/contract/protocol';
import type { EntryKind } from '../../common/protocol/kinds';
import type { Db } from '../db/database';
import { ENTRY_COLUMNS, HEARING_COLUMNS, toEntry, toHearing, type EntryRow, type HearingRow } from './rows';

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
 * Text around the first matched word, matched words between « and ». Made here for the page of
 * hits only: FTS5's snippet() would be computed for every match before the LIMIT.
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
    out += text.slice(pos, m.index) + (hit(m[0]) ? `«${m[0]}»` : m[0]);
    pos = m.index! + m[0].length;
  }
  return `${from > 0 ? '…' : ''}${out.replace(/\s+/g, ' ')}${to < words.length ? '…' : ''}`;
}

/**
 * Full-text search over every protocol on the station. With entry text or a participant name
 * it returns matching entries (best first); a participant also finds hearings whose roster
 * names them. With only a case number or dates it returns hearings.
 */
export function search(db: Db, q: SearchQuery): SearchHit[] {
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const textQ = ftsQuery(q.text);
  const speakerQ = ftsQuery(q.participant, 'speaker');
  const rosterQ = ftsQuery(q.participant);

  if (!textQ && !speakerQ) return hearingHits(db, q, '', limit, offset);

  const where: string[] = [];
  const params: unknown[] = [];
  if (textQ) {
    where.push('entry_fts MATCH ?');
    params.push(textQ);
    if (rosterQ) {
      // text AND the participant: either they spoke it or they are on that hearing's roster
      where.push(`(f.rowid IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?)
        OR e.hearing_id IN (SELECT p.hearing_id FROM participant_fts pf JOIN participants p ON p.id = pf.rowid WHERE participant_fts MATCH ?))`);
      params.push(speakerQ, rosterQ);
    }
  } else {
    where.push('entry_fts MATCH ?');
    params.push(speakerQ);
  }
  addEntryFilters(q, where, params);

  const select = (source: string) => `SELECT ${ENTRY_COLUMNS},
      h.id AS h_id, h.case_number AS h_case_number, h.court AS h_court, h.courtroom AS h_courtroom, h.judge AS h_judge,
      h.scheduled_start AS h_scheduled_start, h.actual_start AS h_actual_start, h.status AS h_status
    FROM ${source}
    JOIN entries e ON e.id = f.rowid
    JOIN entry_revisions r ON r.entry_id = e.id AND r.rev = (SELECT max(rev) FROM entry_revisions WHERE entry_id = e.id)
    LEFT JOIN exhibits x ON x.id = e.exhibit_id
    JOIN hearings h ON h.id = e.hearing_id`;

  const rows = db
    .prepare<unknown[], HitRow>(`${select('entry_fts f')} WHERE ${where.join(' AND ')} ORDER BY f.rank, e.started_at DESC LIMIT ? OFFSET ?`)
    .all(...params, limit, offset);
  const shown = [q.text, q.participant].filter(Boolean).join(' ');
  const hits: SearchHit[] = rows.map((r) => ({
    hearing: hitHearing(r),
    entry: toEntry(r),
    snippet: makeSnippet(textQ ? r.text : `${r.speaker ?? ''}: ${r.text}`, shown),
  }));

  // A participant without text: also the hearings where they are on the roster.
  if (!textQ && rosterQ && offset === 0 && hits.length < limit) {
    const seen = new Set(hits.map((h) => h.hearing.id));
    for (const h of hearingHits(db, q, rosterQ, limit - hits.length, 0)) if (!seen.has(h.hearing.id)) hits.push(h);
  }
  return hits;
}

function addEntryFilters(q: SearchQuery, where: string[], params: unknown[]): void {
  if (!q.includeDeleted) where.push('r.deleted = 0');
  if (q.caseNumber?.trim()) {
    where.push("h.case_number LIKE ? ESCAPE '\\'");
    params.push(`%${likeEscape(q.caseNumber.trim())}%`);
  }
  if (q.from) {
    where.push('e.started_at >= ?');
    params.push(new Date(q.from).toISOString());
  }
  if (q.to) {
    where.push('e.started_at < ?');
    params.push(new Date(q.to).toISOString());
  }
  if (q.kinds?.length) {
    where.push(`e.kind IN (${q.kinds.map(() => '?').join(', ')})`);
    params.push(...q.kinds);
  }
  if (q.hearingId !== undefined) {
    where.push('e.hearing_id = ?');
    params.push(q.hearingId);
  }
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
