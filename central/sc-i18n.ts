import messages from '../common/i18n/central';
import type { Messages } from '../common/i18n/define';
import type { Evidence, FlagKind } from './situation-rules';

// The Situation Center's translator: the messages of common/i18n/central.ts, `{{name}}`
// interpolation, and times shown in the court's time zone. Kazakh unless the user chose otherwise.

export const SC_LANGS = ['kk', 'ru', 'en'] as const;
export type ScLang = (typeof SC_LANGS)[number];
export const isLang = (s: unknown): s is ScLang => typeof s === 'string' && (SC_LANGS as readonly string[]).includes(s);

export type T = (key: string, params?: Record<string, string | number | null | undefined>) => string;

const translators = new Map<ScLang, T>();

export function translator(lang: ScLang): T {
  const held = translators.get(lang);
  if (held) return held;
  const table = messages[lang] as Messages;
  const found = new Map<string, string | null>();
  const lookup = (key: string): string | null => {
    let v = found.get(key);
    if (v !== undefined) return v;
    let x: string | Messages | undefined = table;
    for (const part of key.split('.')) x = typeof x === 'object' ? x[part] : undefined;
    v = typeof x === 'string' ? x : null;
    found.set(key, v);
    return v;
  };
  const t: T = (key, params) => {
    const v = lookup(key);
    // A key the table lacks is a programming error: show it plainly rather than a blank.
    if (v === null) return key;
    if (!params || !v.includes('{{')) return v;
    return v.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(params[name] ?? '—'));
  };
  translators.set(lang, t);
  return t;
}

/** Formats ISO times as the court reads them: HH:MM today, else DD.MM HH:MM, in one time zone. */
export function clock(timeZone: string): { time(iso: string | null | undefined): string; dayKey(ms: number): string } {
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dm = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit' });
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const dayKey = (ms: number) => day.format(ms);
  // Formatting is the page's hot path (thousands of times for 1,479 rooms): by the minute, once.
  const memo = new Map<number, string>();
  let today = '';
  let todayUntil = 0;
  return {
    dayKey,
    time(iso) {
      if (!iso) return '—';
      const ms = Date.parse(iso);
      if (Number.isNaN(ms)) return '—';
      const now = Date.now();
      if (now >= todayUntil) {
        today = dayKey(now);
        todayUntil = now + 60_000;
        memo.clear();
      }
      const minute = Math.floor(ms / 60_000);
      let out = memo.get(minute);
      if (out === undefined) {
        const hhmm = hm.format(ms);
        out = dayKey(ms) === today ? hhmm : `${dm.format(ms)} ${hhmm}`;
        if (memo.size > 50_000) memo.clear();
        memo.set(minute, out);
      }
      return out;
    },
  };
}

const ALARM = /^(\w+)(?: ch(\d+))?(?: \((.+)\))?$/;

/** A heartbeat alarm ("deadMic ch3 (judge)") in words. */
export function alarmText(t: T, alarm: string): string {
  const m = ALARM.exec(alarm);
  if (!m) return alarm;
  const what = t(`alarms.${m[1]}`);
  let out = what.startsWith('alarms.') ? m[1]! : what;
  if (m[2]) out += `, ${t('alarms.channel', { channel: m[2] })}`;
  if (m[3]) {
    const role = t(`micRoles.${m[3]}`);
    out += ` (${role.startsWith('micRoles.') ? m[3] : role})`;
  }
  return out;
}

/** A room test's reason codes ("silent, diskLow") in words; a code without words stays as it came. */
function reasonsText(t: T, codes: string | null): string {
  if (!codes) return t('none');
  return codes
    .split(', ')
    .map((c) => {
      const w = t(`reasons.${c}`);
      return w.startsWith('reasons.') ? c : w;
    })
    .join(', ');
}

/** What a flag was raised on, in words. */
export function flagDetail(t: T, time: (iso: string | null) => string, kind: FlagKind, e: Evidence): string {
  const s = (k: string) => (typeof e[k] === 'string' ? (e[k] as string) : null);
  switch (kind) {
    case 'late-start':
      return t('detail.late-start', { startsAt: time(s('startsAt')), minutesLate: e.minutesLate, caseNumber: e.caseNumber });
    case 'no-recording':
      return t('detail.no-recording', { since: time(s('since')), caseNumber: e.caseNumber });
    case 'mic-failure':
      return alarmText(t, s('alarm') ?? '');
    case 'not-ready':
      if (e.reasons === 'missing') return t('detail.notReadyMissing', { startsAt: time(s('startsAt')) });
      return t('detail.not-ready', { testAt: time(s('testAt')), reasons: reasonsText(t, s('reasons')) });
    case 'offline':
      return e.lastSeenAt ? t('detail.offline', { lastSeenAt: time(s('lastSeenAt')) }) : t('detail.offlineNever');
    case 'backlog':
      return t('detail.backlog', { since: time(s('since')), events: e.events, segments: e.segments });
    case 'disk':
      return t('detail.disk', { hoursLeft: e.hoursLeft });
    case 'clock':
      return t('detail.clock', { offsetSeconds: e.offsetSeconds });
    case 'damaged': {
      const finding = t(`evidenceKinds.${s('finding') ?? ''}`);
      return t('detail.damaged', { sessionId: e.sessionId, finding: finding.startsWith('evidenceKinds.') ? s('finding') : finding });
    }
  }
}
