import { z } from 'zod';

/** Longest text of one entry: a long note is a few pages; a megabyte is a paste accident. */
export const MAX_ENTRY_TEXT = 20_000;
export const MAX_NAME = 200;
export const MAX_CASE_NUMBER = 60;
export const MAX_REASON = 1_000;
/** The video-conference program's name ("TrueConf", "Zoom"), as the protocol prints it. */
export const MAX_APP_NAME = 60;

/**
 * Text as it is stored: Unicode NFC, well-formed (lone surrogates replaced), line ends as \n,
 * and no control characters except newline and tab. Control characters are stripped, not
 * rejected: they come from pastes (Word's vertical tab, terminal escapes) and carry no
 * meaning a protocol could need; rejecting them would lose the note the secretary typed.
 * C1 controls (U+0080–U+009F), DEL, and the bidi overrides (U+202A–U+202E, U+2066–U+2069),
 * which can make a printed line read differently from what is stored, are stripped too.
 */
export function cleanText(s: string): string {
  return s
    .toWellFormed()
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '');
}

/** A single-line label (name, case number): controls and line breaks become spaces, trimmed. */
export function cleanLine(s: string): string {
  return cleanText(s).replace(/[\n\t]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * zod: free text of an entry, cleaned, at most MAX_ENTRY_TEXT characters after cleaning (the
 * limit is checked after cleaning so the error names the real maximum; cleaning a megabyte
 * paste takes a few milliseconds).
 */
export const EntryTextSchema = z
  .string()
  .transform(cleanText)
  .pipe(z.string().max(MAX_ENTRY_TEXT));

export const NameSchema = z.string().transform(cleanLine).pipe(z.string().min(1).max(MAX_NAME));
export const OptionalLabelSchema = z.string().transform(cleanLine).pipe(z.string().max(MAX_NAME));
export const CaseNumberSchema = z
  .string()
  .transform(cleanLine)
  .pipe(z.string().min(1).max(MAX_CASE_NUMBER));
/** A remote participant's video-conference program: one line, trimmed; empty means not stated. */
export const RemoteAppSchema = z.string().transform(cleanLine).pipe(z.string().max(MAX_APP_NAME));
export const ReasonSchema = z.string().transform(cleanText).pipe(z.string().max(MAX_REASON));

/** A point in time as ISO 8601 with an offset ("2025-03-01T10:15:00+05:00" or "...Z"). */
export const InstantSchema = z.iso.datetime({ offset: true });

/** Recording position in milliseconds from the start of the recording session. */
export const RecordingRefSchema = z
  .object({
    /** Recording session id, when the recorder has one. */
    sessionId: z.string().max(200).optional(),
    positionMs: z.int().min(0).max(7 * 24 * 3600 * 1000),
  })
  .strict();
export type RecordingRef = z.infer<typeof RecordingRefSchema>;

/** 3723000 -> "01:02:03" (hours keep counting past 24). */
export function formatPosition(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const s = Math.floor(ms / 1000);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}
