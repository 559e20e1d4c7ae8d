import type { Entry, Exhibit, HearingDetail, Participant, ProtocolChange } from '../../../common/contract/protocol';
import { exhibitLabel } from '../../../common/protocol/render';

// The console's copy of one hearing, kept current from the core's protocol.changed events one
// change at a time (a long hearing is never fetched again for a note). The order is the core's
// (protocol-queries.ts): entries by startedAt then id, the roster by position then id, exhibits
// by id. An edit or a deletion is the same entry id with its next revision; startedAt never
// changes. Whatever did not change keeps its object, so memoized rows are not drawn again.

/** What a change asks of the console: nothing more, a full reload (a signature), or a new look at what the hearing allows. */
export interface Applied {
  detail: HearingDetail;
  reload: boolean;
  /** The header changed (status, signing, cancellation): what the rules allow may have changed too. */
  allowedStale: boolean;
}

export function applyChange(d: HearingDetail, c: ProtocolChange): Applied {
  const same = { detail: d, reload: false, allowedStale: false };
  if (c.hearingId !== d.hearing.id) return same;
  // A signature writes copies, rounds and the header at once: rare enough to read it all again.
  if (c.change === 'signed') return { detail: d, reload: true, allowedStale: true };
  let next = d;
  if (c.entry) next = withEntry(next, c.entry);
  if (c.participant) next = withParticipant(next, c.participant);
  if (c.exhibit) next = withExhibit(next, c.exhibit);
  // The header the core sends is whole and current (its counts too): it wins over the ones kept here.
  if (c.hearing) next = { ...next, hearing: c.hearing };
  return { detail: next, reload: false, allowedStale: !!c.hearing };
}

/** The entry put in its place: replaced where it was, or inserted in the protocol's order. */
export function withEntry(d: HearingDetail, e: Entry): HearingDetail {
  const entries = d.entries;
  const at = indexById(entries, e.id);
  if (at >= 0) {
    if (sameFields(entries[at]!, e)) return d;
    const copy = entries.slice();
    copy[at] = e;
    return { ...d, entries: copy };
  }
  const copy = entries.slice();
  copy.splice(insertionPoint(entries, e), 0, e);
  return { ...d, entries: copy, hearing: { ...d.hearing, entryCount: d.hearing.entryCount + 1 } };
}

export function withParticipant(d: HearingDetail, p: Participant): HearingDetail {
  const list = d.participants.filter((x) => x.id !== p.id);
  list.push(p);
  list.sort((a, b) => a.position - b.position || a.id - b.id);
  return { ...d, participants: list, hearing: { ...d.hearing, participantCount: list.filter((x) => !x.withdrawnAt).length } };
}

/** The exhibit upserted, and the label of every entry about it brought along (a description given later shows there too). */
export function withExhibit(d: HearingDetail, x: Exhibit): HearingDetail {
  const exhibits = d.exhibits.filter((y) => y.id !== x.id);
  exhibits.push(x);
  exhibits.sort((a, b) => a.id - b.id);
  const label = exhibitLabel(x.number, x.description);
  const entries = d.entries.some((e) => e.exhibitId === x.id && e.exhibitLabel !== label)
    ? d.entries.map((e) => (e.exhibitId === x.id && e.exhibitLabel !== label ? { ...e, exhibitLabel: label } : e))
    : d.entries;
  return { ...d, exhibits, entries };
}

/** New entries come last as a rule: look from the end. */
function indexById(entries: readonly Entry[], id: number): number {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.id === id) return i;
  return -1;
}

/** After every entry that sorts before it: (startedAt, id), as SQLite compares the ISO text. */
function insertionPoint(entries: readonly Entry[], e: Entry): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = entries[mid]!;
    if (m.startedAt < e.startedAt || (m.startedAt === e.startedAt && m.id < e.id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameFields(a: Entry, b: Entry): boolean {
  for (const k of Object.keys(b) as Array<keyof Entry>) if (a[k] !== b[k]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}
