import type { TFunction, i18n as I18n } from 'i18next';
import type { AuditRow } from '../../../common/contract/audit';
import type { CallName } from '../../../common/contract/index';
import type { Role } from '../../../common/contract/people';
import type auditMessages from '../../../common/i18n/audit';
import { dateTime, formatPosition, timeOfDay } from '../secretary/format';

// The access audit's rows in words a court reads: what was done, about what, from where, with
// what outcome. Nothing here shows a call name or an error code: an unknown one becomes the
// generic label, and its identifier goes to a title attribute only.

type Calls = typeof auditMessages.kk.calls;
/** Every label is for a real call (or the media route's `media.read`, or an observation's start, stop or refusal): a stale or misspelt label does not compile. */
type Labelled = { [D in keyof Calls & string]: `${D}.${keyof Calls[D] & string}` }[keyof Calls & string];
const labelsAreCalls: Labelled extends CallName | 'media.read' | 'observe.start' | 'observe.stop' | 'observe.refused' ? true : never = true;
void labelsAreCalls;

export interface Said {
  text: string;
  /** The internal identifier, for a title attribute, when no label was found. */
  title?: string;
}

function resource(i18n: I18n, key: string): string | null {
  const v: unknown = i18n.getResource(i18n.language, 'audit', key);
  return typeof v === 'string' ? v : null;
}

export function callLabel(t: TFunction, i18n: I18n, call: string): Said {
  return resource(i18n, `calls.${call}`) !== null ? { text: t(`audit:calls.${call}`) } : { text: t('audit:generic'), title: call };
}

const OUTCOMES: Record<string, string> = {
  'auth.forbidden': 'forbidden',
  'auth.required': 'required',
  'auth.locked': 'locked',
  'auth.wrongPin': 'wrongPin',
  'auth.lockedOut': 'lockedOut',
};

export function outcomeLabel(t: TFunction, outcome: string): Said & { ok: boolean } {
  if (outcome === 'ok') return { text: t('audit:outcomes.ok'), ok: true };
  const key = OUTCOMES[outcome];
  return key ? { text: t(`audit:outcomes.${key}`), ok: false, title: outcome } : { text: t('audit:outcomes.refused'), ok: false, title: outcome };
}

export function doorLabel(t: TFunction, door: AuditRow['door']): string {
  return t(`audit:doors.${door}`);
}

const ROLES: readonly string[] = ['secretary', 'judge', 'technician', 'administrator'];
/** The role a call was made in, or for a refusal the roles held then ("secretary,technician"), in the court's words. */
export function roleLabel(t: TFunction, role: string): Said {
  const roles = role.split(',');
  return roles.every((r) => ROLES.includes(r))
    ? { text: ROLES.filter((r) => roles.includes(r)).map((r) => t(`signin:roles.${r as Role}`)).join(' · ') }
    : { text: t('audit:generic'), title: role };
}

/** Case numbers of hearings, as far as the audit itself names them (a hearing registered by protocol.createHearing). */
export function caseNumbers(rows: readonly AuditRow[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const r of rows) if (r.hearingId !== null && typeof r.target.caseNumber === 'string') out.set(r.hearingId, r.target.caseNumber);
  return out;
}

export function hearingLabel(t: TFunction, id: number, cases: ReadonlyMap<number, string>): string {
  const c = cases.get(id);
  return c ? t('audit:target.caseNumber', { caseNumber: c }) : t('audit:target.hearing', { id });
}

/** What the row was about, in words; the hearing only when the list is not already of one hearing. */
export function targetParts(t: TFunction, r: AuditRow, o: { withHearing: boolean; cases: ReadonlyMap<number, string>; names: ReadonlyMap<number, string>; lang: string }): string[] {
  const g = r.target;
  const out: string[] = [];
  const num = (k: string) => (typeof g[k] === 'number' ? (g[k] as number) : null);
  const str = (k: string) => (typeof g[k] === 'string' && (g[k] as string).length > 0 ? (g[k] as string) : null);
  if (o.withHearing && r.hearingId !== null) out.push(hearingLabel(t, r.hearingId, o.cases));
  else if (o.withHearing && str('caseNumber')) out.push(t('audit:target.caseNumber', { caseNumber: str('caseNumber') }));
  if (num('entryId') !== null) out.push(t('audit:target.entry', { id: num('entryId') }));
  if (r.call.startsWith('protocol.') && str('kind')) out.push(t(`protocol:kinds.${str('kind')!}`, { defaultValue: t('audit:generic') }));
  if (num('participantId') !== null) out.push(t('audit:target.participant', { id: num('participantId') }));
  if (str('fullName')) out.push(t('audit:target.person', { name: str('fullName') }));
  else if (num('personId') !== null) {
    const name = o.names.get(num('personId')!);
    out.push(name ? t('audit:target.person', { name }) : t('audit:target.personId', { id: num('personId') }));
  }
  if (r.call === 'auth.signIn' && str('person') && r.personName !== str('person')) out.push(t('audit:target.person', { name: str('person') }));
  if (num('remarkId') !== null) out.push(t('audit:target.remark', { id: num('remarkId') }));
  if (str('sessionId')) {
    const start = sessionStart(str('sessionId')!);
    const when = start ? (o.withHearing ? dateTime(start, o.lang) : timeOfDay(start, o.lang)) : str('sessionId')!.slice(-6);
    out.push(t('audit:target.session', { start: when }));
  }
  if (str('file')) out.push(t('audit:target.file', { file: str('file') }));
  if (str('track') && r.call !== 'review.play') out.push(t('audit:target.track', { track: str('track') }));
  if (num('positionMs') !== null) out.push(t('audit:target.position', { position: formatPosition(num('positionMs')) }));
  if (r.call === 'review.play') out.push(str('track') === 'conference' ? t('audit:target.conference') : num('channel') === null ? t('audit:target.allChannels') : t('audit:target.channel', { channel: num('channel') }));
  if (str('format')) out.push(t('audit:target.format', { format: str('format')!.toUpperCase() }));
  // A hearing opened without a passed room test: the written reason, and when the last test was (passed or not).
  if (str('roomTestReason')) out.push(t('audit:target.roomTestReason', { reason: str('roomTestReason') }));
  if (str('roomTestReason') && str('roomTestAt')) {
    const verdict = g.roomTestReady === true ? t('roomcheck:console.ready') : t('roomcheck:console.notReady');
    out.push(`${t('audit:target.roomTestLast', { at: dateTime(str('roomTestAt')!, o.lang) })}: ${verdict}`);
  }
  return out;
}

/** A session id begins with its start in UTC ("20250314T091502Z-3fa9c2"): the reader knows a recording by when it began. */
export function sessionStart(id: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : null;
}

/** A day as a court writes it: DD.MM.YYYY, in the station's local time. */
export function courtDate(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}.${d.getFullYear()}`;
}
