import type { EntryKind } from './kinds';

/** The per-kind templates of one language, as common/i18n/protocol.ts holds them. */
export interface KindTemplates {
  /** Without a speaker: "Объявлен перерыв". */
  plain: Record<EntryKind, string>;
  /** With a speaker: "{{speaker}} заявил(а) ходатайство". */
  withSpeaker: Record<EntryKind, string>;
}

export interface EntryParts {
  kind: EntryKind;
  speaker?: string | null;
  /** Exhibit label as printed: "№ 3 (договор займа)". */
  exhibit?: string | null;
  text?: string | null;
}

function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => params[k] ?? '');
}

/**
 * An entry as a sentence in the protocol: the kind's template filled with the speaker and the
 * exhibit, then the free text. A note is its text (prefixed with the speaker when there is one).
 * Pure, so the UI and the export print the same words.
 */
export function renderEntry(t: KindTemplates, e: EntryParts): string {
  const text = (e.text ?? '').trim();
  const speaker = (e.speaker ?? '').trim();
  const template = speaker ? t.withSpeaker[e.kind] : t.plain[e.kind];
  const params = { speaker, exhibit: (e.exhibit ?? '').trim(), text };
  // A template that places the text itself (a note) is complete; others get the text appended.
  if (template.includes('{{text}}')) return fill(template, params).trim();
  const head = fill(template, params).trim();
  if (!text) return head;
  return /[.!?:]$/.test(head) ? `${head} ${text}` : `${head}. ${text}`;
}

export function exhibitLabel(number: string, description?: string | null): string {
  const d = (description ?? '').trim();
  return d ? `№ ${number} (${d})` : `№ ${number}`;
}
