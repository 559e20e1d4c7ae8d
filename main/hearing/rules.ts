import { HattamaError } from '../../common/errors';
import type { Allowed } from '../../common/contract/hearing';
import { refuseIfCancelled } from '../../common/protocol/cancelled';
import { KIND_INFO, LOGGABLE_KINDS, type EntryKind, type HearingStatus } from '../../common/protocol/kinds';

// The hearing's state machine as a court runs it. One table, checked in the core for every
// client (desktop, browser, CLI): a door that skips the UI still meets the same rules.

/** What an event does to the recorder. The recording is continuous from opening to closing. */
export type RecorderEffect = 'start' | 'pause' | 'resume' | 'stop' | null;

/** The statuses an event may be logged in; events without an entry here may be logged while the hearing is open. */
const ALLOWED_IN: Partial<Record<EntryKind, readonly HearingStatus[]>> = {
  opened: ['scheduled'],
  recess: ['in_progress'],
  deliberation: ['in_progress', 'recess'],
  resumed: ['recess', 'deliberation'],
  // A ruling can be announced on the spot, without the judge retiring.
  decision_announced: ['in_progress', 'deliberation'],
  closed: ['in_progress', 'recess', 'deliberation'],
  // A note may be written before the opening (who is late, why the start is delayed).
  note: ['scheduled', 'in_progress', 'recess', 'deliberation'],
};
const OPEN: readonly HearingStatus[] = ['in_progress', 'recess', 'deliberation'];

const EFFECT: Partial<Record<EntryKind, RecorderEffect>> = {
  opened: 'start',
  recess: 'pause',
  deliberation: 'pause',
  resumed: 'resume',
  decision_announced: 'resume',
  closed: 'stop',
};

export interface HearingFacts {
  id: number;
  /** How the person knows the hearing: every refusal names it by its case number. */
  caseNumber: string;
  status: HearingStatus;
  /** The protocol is signed (locked). */
  signed: boolean;
  /** Its first signature is on (the PDF is frozen): the roster and header no longer change. Default: signed. */
  frozen?: boolean;
  /** Cancelled (with this reason): it takes nothing more, ever. */
  cancelled?: { reason: string } | null;
}

/**
 * Checks that `kind` may be logged now and says what it does to the recorder. A closed or signed
 * hearing takes only an addendum note; everything else is refused with a reason the person reads.
 */
export function admit(h: HearingFacts, kind: EntryKind): RecorderEffect {
  const p = { id: h.id, caseNumber: h.caseNumber, kind };
  // What the station itself records (an interruption) is no person's to log.
  if (KIND_INFO[kind].system) throw new HattamaError('hearing.systemKind', p);
  refuseIfCancelled(h);
  if (h.status === 'closed' || h.signed) {
    if (kind === 'note') return null;
    throw new HattamaError(h.signed ? 'hearing.signedOnlyAddendum' : 'hearing.closedOnlyAddendum', p);
  }
  const allowed = ALLOWED_IN[kind] ?? OPEN;
  if (!allowed.includes(h.status)) {
    if (kind === 'opened') throw new HattamaError('hearing.alreadyOpen', p);
    if (h.status === 'scheduled') throw new HattamaError('hearing.notOpen', p);
    throw new HattamaError('hearing.notNow', { ...p, status: h.status });
  }
  return EFFECT[kind] ?? null;
}

/**
 * Checks that an entry's kind may be corrected from `from` to `to`: only between kinds that do
 * nothing to the hearing's state or recorder (what opening, a recess or closing did has happened
 * and is not undone by renaming it), never an exhibit's (its exhibit row follows the kind) nor the
 * station's own entries. The same rule for every door; after signing only as an addendum (the store).
 */
export function admitKindChange(from: EntryKind, to: EntryKind): void {
  for (const kind of [from, to]) {
    const info = KIND_INFO[kind];
    if (info.system) throw new HattamaError('hearing.kindChangeSystem', { kind });
    if (info.status || EFFECT[kind]) throw new HattamaError('hearing.kindChangeState', { kind });
    if (info.exhibit) throw new HattamaError('hearing.kindChangeExhibit', { kind });
  }
}

/** After closing or signing, every entry is an addendum to the protocol. */
export function isAddendum(h: HearingFacts): boolean {
  return h.status === 'closed' || h.signed;
}

/** The pause reason the recorder's timeline records for a pausing event. */
export function pauseReason(kind: EntryKind): 'recess' | 'deliberation' {
  return kind === 'deliberation' ? 'deliberation' : 'recess';
}

/** What the hearing takes now, from the same table: the console disables what the core would refuse. */
export function allowedNow(h: HearingFacts): Allowed {
  const kinds = LOGGABLE_KINDS.filter((k) => {
    try {
      admit(h, k);
      return true;
    } catch {
      return false;
    }
  });
  const done = h.status === 'closed' || h.signed;
  if (h.cancelled) return { kinds, addendum: false, roster: false, refusal: { code: 'hearing.cancelled', params: { id: h.id, caseNumber: h.caseNumber, reason: h.cancelled.reason } } };
  return {
    kinds,
    addendum: isAddendum(h),
    roster: !(h.frozen ?? h.signed),
    refusal: done ? { code: h.signed ? 'hearing.signedOnlyAddendum' : 'hearing.closedOnlyAddendum', params: { id: h.id, caseNumber: h.caseNumber, kind: 'opened' } } : null,
  };
}
