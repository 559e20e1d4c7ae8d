// Latin-script words in a text a person reads in Kazakh or Russian: the message tables' test
// (test/i18n/latin.test.ts) and the pages' (e2e/secretary-language.spec.ts) use the same rule.

/** Latin-script words a kk/ru text may hold: formats, standards, units, product and program names. */
export const LATIN_ALLOWED = new Set([
  'PDF', 'DOCX', 'QR', 'SHA', 'PIN', 'IIN', 'ID', 'USB', 'CPU', 'IP', 'URL', 'HTTP', 'HTTPS', 'JSON', 'CSV', 'S3', 'NCALayer', 'Ed25519',
  'Hattama', 'Enter', 'Shift', 'Ctrl', 'Alt', 'Escape', 'Esc', 'Tab', 'F9', 'K', 'PKCS', 'CAdES', 'BES', 'p12', 'p7s', 'pfx', 'PulseAudio', 'ALSA',
  'FFmpeg', 'ffmpeg', 'sox', 'arecord', 'Chromium', 'Electron', 'SQLite', 'PID', 'WAV', 'JPEG', 'WebM', 'MP4', 'H', 'VP8', 'VP9', 'Opus', 'npm', 'chmod', 'Windows', 'Linux',
  'English', 'RMS', 'dBFS', 'Hz', 'kHz', 'GB', 'MB', 'TLS', 'CA', 'CN', 'OK', 'SHA-256', 'base64', 'zip', 'integrity_check', 'ok',
]);

/** What a technician types as it is written: commands, URL schemes, setting paths. */
const VERBATIM = [/\bnpm run [\w:.-]+/g, /\bhattama(?: [a-z][\w-]*){1,2}/g, /\bhttps?:\/\//g, /--[a-z][\w-]*/g, /\b[a-z]+\.[a-z][A-Za-z]+\b/g];

/** The words of a message a person reads: without placeholders, nested keys and HTML-ish tags. */
export function readable(text: string): string {
  let out = text.replace(/\$t\([^)]*\)/g, ' ').replace(/\{\{[^}]*\}\}/g, ' ');
  for (const re of VERBATIM) out = out.replace(re, ' ');
  return out;
}

/** Latin-script words that are neither allowed nor part of a file name or command (after a dot, a slash, a dash option). */
export function latinWords(text: string): string[] {
  const words = readable(text).match(/(?<![\w./-])[A-Za-z][A-Za-z0-9_:.-]*/g) ?? [];
  // A word ending in ":" or "." is that word; SHA-256 keeps its dash.
  return words
    .map((w) => w.replace(/[.:,-]+$/, ''))
    .filter((w) => !LATIN_ALLOWED.has(w) && !/^[A-Z0-9]{1,3}$/.test(w) && !/\.(json|p12|p7s|pdf|docx|wav|db|sock|pin|y4m)$/i.test(w) && !/^(npm|keys|security|audio|settings)\./.test(w));
}

/** Placeholders that carry an internal identifier: printed raw they show `exhibit_offered`; they belong inside $t(...). */
const IDENTIFIER_PARAMS = ['kind', 'capacity', 'scope', 'category', 'attendance'];
export function rawIdentifiers(text: string): string[] {
  const outside = text.replace(/\$t\([^)]*\)/g, ' ');
  return [...outside.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).filter((p) => IDENTIFIER_PARAMS.includes(p));
}
