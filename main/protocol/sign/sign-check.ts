import type { HearingDetail } from '../../../common/contract/protocol';
import { HattamaError } from '../../../common/errors';
import { SIGN_CHECK_ITEMS, type EntryKind, type HearingCategory } from '../../../common/protocol/kinds';

// Before a protocol is signed the core checks it against what its category must contain (the
// procedure codes: composition announced, rights and the language explained, each witness warned,
// closing arguments and the last word in a criminal case, the decision announced). What is
// missing is listed; the signer may go on only with a written reason, which is kept in the
// hearing's audit with the list. Every door meets the same check.

export const CHECK_ITEMS = SIGN_CHECK_ITEMS;
export type CheckItem = (typeof CHECK_ITEMS)[number];

export interface MissingItem {
  item: CheckItem;
  /** For witness_warned: the witnesses on the roster with no warning logged. */
  names: string[];
}

const ALWAYS: CheckItem[] = ['composition_announced', 'rights_explained'];
/** What a hearing of the category needs once it reached its end (not when it was adjourned). */
const AT_END: Record<HearingCategory, CheckItem[]> = {
  criminal: ['closing_arguments', 'last_word', 'decision_announced'],
  civil: ['closing_arguments', 'decision_announced'],
  administrative: ['decision_announced'],
  economic: ['closing_arguments', 'decision_announced'],
  other: [],
};

export function missingBeforeSigning(d: HearingDetail): MissingItem[] {
  const entries = d.entries.filter((e) => !e.deleted);
  const logged = new Set<EntryKind>(entries.map((e) => e.kind));
  const needed = new Set<CheckItem>(ALWAYS);
  // The language of the proceedings is explained in a criminal case, and whenever an interpreter takes part.
  if (d.hearing.category === 'criminal' || d.participants.some((p) => p.role === 'interpreter' && p.attendance !== 'absent' && !p.withdrawnAt)) needed.add('language_explained');
  if (!logged.has('adjourned')) for (const i of AT_END[d.hearing.category]) needed.add(i);

  const missing: MissingItem[] = [];
  for (const item of CHECK_ITEMS) {
    if (item === 'witness_warned') {
      const unwarned = witnessesNotWarned(d);
      if (unwarned.length) missing.push({ item, names: unwarned });
    } else if (needed.has(item) && !logged.has(item)) missing.push({ item, names: [] });
  }
  return missing;
}

/** Witnesses who were there (present or by video link, not withdrawn) and for whom no warning was logged. */
function witnessesNotWarned(d: HearingDetail): string[] {
  const warned = d.entries.filter((e) => !e.deleted && e.kind === 'witness_warned');
  const fold = (s: string) => s.trim().toLocaleLowerCase('kk');
  return d.participants
    .filter((p) => p.role === 'witness' && p.attendance !== 'absent' && !p.withdrawnAt)
    .filter((p) => !warned.some((e) => e.speakerId === p.id || (e.speaker !== null && fold(e.speaker) === fold(p.name))))
    .map((p) => p.name);
}

/**
 * Refuses a signature over an incomplete protocol without a written reason (`signcheck.incomplete`,
 * naming what is missing); with one, returns what the audit keeps.
 */
export function admitSigning(d: HearingDetail, reason: string | undefined): { missing: MissingItem[]; reason: string } | null {
  const missing = missingBeforeSigning(d);
  if (!missing.length) return null;
  const why = (reason ?? '').trim();
  if (!why) throw new HattamaError('signcheck.incomplete', { hearingId: d.hearing.id, caseNumber: d.hearing.caseNumber, items: missing.map((m) => m.item).join(','), count: missing.length });
  return { missing, reason: why };
}
