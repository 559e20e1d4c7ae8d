import type { SealEvent } from '../../common/sync-api';
import type { Db } from '../db/database';
import { enqueue } from '../sync/outbox';
import type { SealRecord } from './seals';

// A seal record's hash into the station's database and its record to central (`review.seal`),
// in one transaction: central holds every seal exactly once, and verify can hold the folder
// against what the station wrote.

/** The outbox payload of a seal record: the one mapper for `review.seal`. */
export function sealEvent(r: SealRecord): SealEvent {
  return {
    sessionId: r.sessionId,
    seq: r.seq,
    act: r.op,
    sealSeq: r.sealSeq,
    fromMs: r.fromMs,
    toMs: r.toMs,
    reason: r.reason,
    text: r.text,
    by: r.by.name,
    at: r.at,
    hash: r.hash,
    prev: r.prev,
    manifestSha256: 'manifestSha256' in r.anchor ? r.anchor.manifestSha256 : null,
    chainLength: 'chainLength' in r.anchor ? r.anchor.chainLength : null,
    chainHead: 'chainHead' in r.anchor ? r.anchor.chainHead : null,
    keyId: r.signature.keyId,
    signature: r.signature.value,
  };
}

export function recordSeal(db: Db, r: SealRecord): void {
  db.transaction(() => {
    db.prepare('INSERT INTO session_seals (session_id, seq, hash, act, at) VALUES (?, ?, ?, ?, ?)').run(r.sessionId, r.seq, r.hash, r.op, r.at);
    enqueue(db, 'review.seal', r.sessionId, sealEvent(r));
  })();
}

/** The seal records the station wrote for a session (verify's read-only look; empty before the table existed). */
export function recordedSeals(db: Db, sessionId: string): Array<{ seq: number; hash: string }> {
  const has = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'session_seals'").get();
  if (!has?.n) return [];
  return db.prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM session_seals WHERE session_id = ? ORDER BY seq').all(sessionId);
}
