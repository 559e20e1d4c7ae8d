// A search hit's snippet marks each matched word between these two characters. They are control
// characters, which entry text never holds (common/protocol/text.ts removes them), so a quote
// the secretary typed is never taken for a match.
export const MARK_OPEN = '\u0002';
export const MARK_CLOSE = '\u0003';

/** The snippet as pieces: text, and whether it is a match (for highlighting). */
export function snippetParts(snippet: string): Array<{ text: string; match: boolean }> {
  const out: Array<{ text: string; match: boolean }> = [];
  for (const [i, piece] of snippet.split(new RegExp(`[${MARK_OPEN}${MARK_CLOSE}]`)).entries()) if (piece) out.push({ text: piece, match: i % 2 === 1 });
  return out;
}

/** The snippet for a terminal: matches between « and ». */
export function snippetInQuotes(snippet: string): string {
  return snippet.replaceAll(MARK_OPEN, '«').replaceAll(MARK_CLOSE, '»');
}
