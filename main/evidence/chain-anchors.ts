import type { AnchorReceipt } from '../../common/chain-anchor';
import type { ChainLinkPayload } from '../../common/sync-api';
import type { Db } from '../db/database';
import { enqueue } from '../sync/outbox';
import type { ChainEntry } from './chain';
import type { Manifest } from './manifest';
import { manifestSigningText } from './manifest';

// The chain as the station's database knows it: every link appended to chain.jsonl is written
// here and to the outbox (`chain.link`) in one transaction, so central anchors each link
// exactly once and the database holds the head the disk must still have (recovery checks it).
// Also central's latest receipt per session, and the sessions recovery found damaged.

export interface AnchoredHead {
  length: number;
  head: string | null;
}

export interface DamagedSession {
  sessionId: string;
  expectedLength: number;
  expectedHead: string | null;
  diskLength: number;
  firstBad: number;
  detail: string;
  at: string;
}

function entryFile(e: ChainEntry): string | null {
  if (e.type === 'segment') return e.segment.file;
  if (e.type === 'open') return e.file;
  return null;
}

/** Announces one chain link; false if it was announced before (recovery re-anchors safely). */
export function anchorLink(db: Db, sessionId: string, e: ChainEntry): boolean {
  return db.transaction(() => {
    const held = db.prepare('SELECT 1 FROM chain_anchors WHERE session_id = ? AND idx = ?').get(sessionId, e.seq);
    if (held) return false;
    const seq = enqueue(db, 'chain.link', sessionId, { op: 'link', sessionId, index: e.seq, type: e.type, file: entryFile(e), hash: e.hash, prev: e.prev });
    db.prepare('INSERT INTO chain_anchors (session_id, idx, hash, outbox_seq) VALUES (?, ?, ?, ?)').run(sessionId, e.seq, e.hash, seq);
    return true;
  })();
}

/** The sealed manifest's signature goes to central, which checks it against the enrolled key. */
export function anchorSealed(db: Db, sessionId: string, m: Manifest): void {
  const sig = m.signature;
  if (!sig) return;
  enqueue(db, 'chain.link', sessionId, { op: 'sealed', sessionId, length: m.chain.length, head: m.chain.head, signedText: manifestSigningText(m), keyId: sig.keyId, publicKey: sig.publicKey, signature: sig.value });
}

/** The links the database holds for a session, in order (index = position). */
export function anchoredLinks(db: Db, sessionId: string): Array<{ idx: number; hash: string }> {
  return db.prepare<[string], { idx: number; hash: string }>('SELECT idx, hash FROM chain_anchors WHERE session_id = ? ORDER BY idx').all(sessionId);
}

export function anchoredHead(db: Db, sessionId: string): AnchoredHead {
  const r = db.prepare<[string], { n: number; head: string | null }>('SELECT COUNT(*) AS n, (SELECT hash FROM chain_anchors WHERE session_id = ?1 ORDER BY idx DESC LIMIT 1) AS head FROM chain_anchors WHERE session_id = ?1').get(sessionId);
  return { length: r?.n ?? 0, head: r?.head ?? null };
}

/** Recovery found less (or something else) on disk than the database recorded: kept, and told to central. */
export function markDamaged(db: Db, d: DamagedSession): void {
  db.transaction(() => {
    const r = db
      .prepare('INSERT OR IGNORE INTO damaged_sessions (session_id, expected_length, expected_head, disk_length, first_bad, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(d.sessionId, d.expectedLength, d.expectedHead, d.diskLength, d.firstBad, d.detail, d.at);
    if (r.changes === 0) return;
    const payload: ChainLinkPayload = { op: 'damaged', sessionId: d.sessionId, expectedLength: d.expectedLength, expectedHead: d.expectedHead, diskLength: d.diskLength, firstBad: d.firstBad, detail: d.detail.slice(0, 2000), at: d.at };
    enqueue(db, 'chain.link', d.sessionId, payload);
    db.prepare("UPDATE recording_sessions SET status = 'damaged' WHERE id = ?").run(d.sessionId);
  })();
}

export function damagedSession(db: Db, sessionId: string): DamagedSession | null {
  const r = db
    .prepare<[string], { session_id: string; expected_length: number; expected_head: string | null; disk_length: number; first_bad: number; detail: string; at: string }>('SELECT * FROM damaged_sessions WHERE session_id = ?')
    .get(sessionId);
  return r ? { sessionId: r.session_id, expectedLength: r.expected_length, expectedHead: r.expected_head, diskLength: r.disk_length, firstBad: r.first_bad, detail: r.detail, at: r.at } : null;
}

/** Keeps central's receipt if it covers more of the chain than the one held. */
export function saveReceipt(db: Db, r: AnchorReceipt): void {
  db.prepare(
    `INSERT INTO chain_receipts (session_id, length, head, receipt, received_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(session_id) DO UPDATE SET length = excluded.length, head = excluded.head, receipt = excluded.receipt, received_at = excluded.received_at
     WHERE excluded.length >= chain_receipts.length`,
  ).run(r.sessionId, r.length, r.head, JSON.stringify(r), new Date().toISOString());
}

export function latestReceipt(db: Db, sessionId: string): AnchorReceipt | null {
  const r = db.prepare<[string], { receipt: string }>('SELECT receipt FROM chain_receipts WHERE session_id = ?').get(sessionId);
  return r ? (JSON.parse(r.receipt) as AnchorReceipt) : null;
}
