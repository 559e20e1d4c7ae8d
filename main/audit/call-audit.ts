import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from '../db/database';

// One fsync per acknowledged change. The dispatcher writes a call's access-audit row after its
// handler; written on its own, that row is a second durable transaction after the change's (and
// a power cut between the two would keep a change without its row). A write that makes the
// call's change can instead take the row into its own transaction: then the row exists if and
// only if the change committed, and the acknowledgement waits for one commit, not two. A call
// whose handler takes no such write (a refusal, a read of evidence, a domain that does not
// join) is audited by the dispatcher as before.

export interface PendingAudit {
  /** Appends the call's row (outcome ok) through the station's AuditLog, inside the transaction that is open on its connection. */
  write(hearingId: number | null): void;
  /** True once a transaction that carries the row has committed. */
  committed: boolean;
  /** What the handler added to the row's target (addCallAuditFacts). */
  facts?: Record<string, string | number | boolean | null>;
}

const current = new AsyncLocalStorage<PendingAudit>();
/** Connections an AuditLog writes on: only a transaction on one of them can carry a row. */
const audited = new WeakSet<Db>();

export function registerAuditedConnection(db: Db): void {
  audited.add(db);
}

/** Runs a call's handler with its pending audit row (the dispatcher). */
export function withPendingAudit<T>(pending: PendingAudit, fn: () => T): T {
  return current.run(pending, fn);
}

/**
 * Inside a write transaction on `db` that makes the current call's change: writes the call's
 * audit row in it (once per call). Returns what to call once the transaction has committed, or
 * null when there is nothing to join (no audited call, already joined, another connection).
 */
export function joinCallAudit(db: Db, hearingId: number | null): (() => void) | null {
  const p = current.getStore();
  if (!p || p.committed || !audited.has(db) || !db.inTransaction) return null;
  p.write(hearingId);
  return () => {
    p.committed = true;
  };
}

/**
 * Adds to the current call's audit row what its handler decided and its input does not say (why a
 * hearing opened without a passed room test, and which test was the last). Before the row is written.
 */
export function addCallAuditFacts(facts: Record<string, string | number | boolean | null>): void {
  const p = current.getStore();
  if (p) p.facts = { ...p.facts, ...facts };
}
