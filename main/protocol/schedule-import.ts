import fs from 'node:fs';
import type { z } from 'zod';
import { HattamaError, type FieldIssue } from '../../common/errors';
import { ScheduleFileSchema, type ScheduleFile, type ScheduleHearing } from '../../common/protocol/schedule';
import type { Language } from '../../common/settings';
import { describeIssues } from '../../common/validation';
import { translator } from '../i18n/translator';
import type { ProtocolStore } from './store';

export interface ImportResult {
  created: number[];
  updated: number[];
  /** Already imported and either identical or already started (a started hearing is not rewritten). */
  unchanged: number[];
}

/** "hearings.3.participants.0.role" -> "hearings[3].participants[0].role": the record index reads as one. */
function recordPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

/** Validates a schedule document; errors name each record by index and the field. */
export function parseSchedule(doc: unknown, lang: Language = 'kk'): ScheduleFile {
  const r = ScheduleFileSchema.safeParse(doc);
  if (r.success) return r.data;
  const t = translator(lang);
  const described = describeIssues(r.error.issues, t);
  const fields: FieldIssue[] = r.error.issues.slice(0, 50).map((issue: z.core.$ZodIssue, i) => ({
    path: recordPath(issue.path) || '(root)',
    message: described[i]?.message ?? issue.message,
  }));
  throw new HattamaError('protocol.scheduleInvalid', {}, fields);
}

export function readScheduleFile(file: string, lang: Language = 'kk'): ScheduleFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new HattamaError('protocol.scheduleUnreadable', { path: file, reason: (e as NodeJS.ErrnoException).code ?? String(e) }, undefined, { cause: e });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new HattamaError('protocol.scheduleUnreadable', { path: file, reason: (e as Error).message }, undefined, { cause: e });
  }
  return parseSchedule(doc, lang);
}

/**
 * Loads hearings with their participants — from a file, from central's schedule feed, from the
 * UI. All or nothing: one transaction. Re-importing a hearing with the same externalId updates
 * it while it has not started (header fields; participants not yet on its roster are added);
 * a hearing without externalId is always created.
 */
export function importSchedule(store: ProtocolStore, doc: unknown, opts: { lang?: Language; author?: string } = {}): ImportResult {
  const schedule = parseSchedule(doc, opts.lang);
  const result: ImportResult = { created: [], updated: [], unchanged: [] };
  store.tx(() => {
    for (const h of schedule.hearings) importOne(store, h, result, opts.author ?? 'schedule');
  });
  for (const id of [...result.created, ...result.updated]) store.emit({ hearingId: id, change: 'hearing', hearing: store.hearing(id) });
  return result;
}

/** The court's names in both languages, for printing (a name given once stays until another is given). */
function rememberCourtNames(store: ProtocolStore, court: string, names: { kk?: string; ru?: string } | undefined): void {
  store.db
    .prepare(
      `INSERT INTO court_names (court, kk, ru, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (court) DO UPDATE SET kk = coalesce(excluded.kk, kk), ru = coalesce(excluded.ru, ru), updated_at = excluded.updated_at`,
    )
    .run(court, names?.kk || null, names?.ru || null, new Date().toISOString());
}

function importOne(store: ProtocolStore, h: ScheduleHearing, result: ImportResult, author: string): void {
  const existing = h.externalId
    ? store.db.prepare<[string], { id: number; actual_start: string | null; signed_at: string | null; cancelled_at: string | null }>('SELECT id, actual_start, signed_at, cancelled_at FROM hearings WHERE external_id = ?').get(h.externalId)
    : undefined;
  // The schedule's header fields, the same for a new hearing and for an update of one.
  const court = h.court || h.courtNames?.kk || h.courtNames?.ru || '';
  if (court && (h.courtNames?.kk || h.courtNames?.ru)) rememberCourtNames(store, court, h.courtNames);
  const header = {
    caseNumber: h.caseNumber,
    category: h.category,
    court,
    courtroom: h.courtroom,
    judge: h.judge,
    secretary: h.secretary,
    scheduledStart: h.scheduledStart,
  };
  if (!existing) {
    const id = store.insertHearing({
      ...header,
      scheduledEnd: h.scheduledEnd ?? null,
      source: 'schedule',
      externalId: h.externalId ?? null,
      author,
    });
    for (const p of h.participants) store.insertParticipant({ hearingId: id, ...p, author });
    result.created.push(id);
    return;
  }
  if (existing.actual_start || existing.signed_at || existing.cancelled_at) {
    result.unchanged.push(existing.id);
    return;
  }
  let changed = store.applyHearingPatch(
    existing.id,
    {
      ...header,
      ...(h.scheduledEnd ? { scheduledEnd: h.scheduledEnd } : {}),
    },
    author,
  );
  const roster = store.detail(existing.id).participants;
  for (const p of h.participants) {
    if (roster.some((r) => r.name.toLocaleLowerCase() === p.name.toLocaleLowerCase() && r.role === p.role)) continue;
    store.insertParticipant({ hearingId: existing.id, ...p, author });
    changed = true;
  }
  (changed ? result.updated : result.unchanged).push(existing.id);
}
