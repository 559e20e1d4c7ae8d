import type { TFunction } from 'i18next';
import type { ErrorPayload } from '../../../common/errors';

export { formatPosition } from '../../../common/protocol/text';

/** Time of day in the station's local time, HH:MM:SS. */
export function timeOfDay(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleTimeString(lang === 'en' ? 'en-GB' : lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

const two = (n: number) => String(n).padStart(2, '0');

/** One date format for the court's languages: dd.MM.yyyy HH:mm (local time). */
export function dateTime(iso: string | null | undefined, _lang?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** A number with one decimal as the language writes it: a decimal comma in kk and ru. */
export function decimal(n: number, lang: string, digits = 1): string {
  const s = n.toFixed(digits);
  return lang === 'en' ? s : s.replace('.', ',');
}

/** A span of time as a person says it: "2 мин 44 с" (the units are the language's). */
export function duration(ms: number, t: (key: string, o: Record<string, number>) => string): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return t('secretary:units.hoursMinutes', { h, m });
  return m > 0 ? t('secretary:units.minutesSeconds', { m, s: s % 60 }) : t('secretary:units.seconds', { s });
}

/**
 * A refusal as the secretary reads it: the core's message, but a field the core names by its
 * path ("name: …") is named by its label on the screen, or not at all.
 */
export function errorText(e: ErrorPayload, t: TFunction): string {
  if (!e.fields?.length) return e.message;
  const lines = e.fields.map((f) => {
    const last = f.path.split('.').pop() ?? '';
    const label = last ? t(`secretary:fields.${last}`, { defaultValue: '' }) : '';
    return label ? `${label}: ${f.message}` : f.message;
  });
  return `${t('secretary:fieldsInvalid')} ${lines.join('; ')}`;
}
