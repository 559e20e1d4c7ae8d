import type { Db } from '../../db/database';
import { SIGNATURE_SELECT, type SignatureRow, type SigningRoundRow } from '../rows';

// Reading the signing rounds: which round is open (one of its two signatures made), and what
// it holds. The writes are the store's (signature-writes.ts), in one transaction with the outbox.

export interface OpenRound {
  round: SigningRoundRow;
  /** The one signature made so far. */
  first: SignatureRow;
}

/** The hearing's latest round when it has exactly one signature; null when none is open. */
export function openRound(db: Db, hearingId: number): OpenRound | null {
  const round = db.prepare<[number], SigningRoundRow>('SELECT * FROM protocol_signing_rounds WHERE hearing_id = ? ORDER BY number DESC LIMIT 1').get(hearingId);
  if (!round) return null;
  const sigs = db.prepare<[number], SignatureRow>(`${SIGNATURE_SELECT} WHERE s.round_id = ? ORDER BY s.id`).all(round.id);
  return sigs.length === 1 ? { round, first: sigs[0]! } : null;
}
