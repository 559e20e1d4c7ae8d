import { HattamaError } from '../errors';

/**
 * A cancelled hearing refuses every entry, edit, roster change, export for signing and signature.
 * One check for the hearing's rules and the protocol store, so that every door meets the same words.
 */
export function refuseIfCancelled(h: { id: number; caseNumber: string; cancelled?: { reason: string } | null }): void {
  if (h.cancelled) throw new HattamaError('hearing.cancelled', { id: h.id, caseNumber: h.caseNumber, reason: h.cancelled.reason });
}
