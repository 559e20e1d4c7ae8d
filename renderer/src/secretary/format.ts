export { formatPosition } from '../../../common/protocol/text';

/** Time of day in the station's local time, HH:MM:SS. */
export function timeOfDay(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleTimeString(lang === 'en' ? 'en-GB' : lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function dateTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'short', timeStyle: 'short', hour12: false });
}
