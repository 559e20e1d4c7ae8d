import { createHash, createPublicKey, verify } from 'node:crypto';
import { receiptText, type AnchorReceipt, type SessionChainResponse } from '../common/chain-anchor';
import type { SyncPayload } from '../common/sync-api';
import type { CentralKey } from './central-key';
import type { CentralDb } from './db';
import { CentralError, nowIso } from './errors';

// Chains anchored outside the station: every link of a session's chain (chain.link events) is
// stored append-only per (station, session) and must extend the one before it (index + 1, prev
// = the previous hash). A link that does not is refused (409) and flagged for the Situation
// Center; so is a sealed manifest whose signature is not the station's enrolled key, and a
// session the station itself reports as damaged. Receipts are signed with central's own key.

const GENESIS = '0'.repeat(64);

/** A link that does not extend the anchored chain: the batch is refused, the flag is kept. */
export class ChainRefused extends CentralError {
  constructor(
    readonly stationId: string,
    readonly sessionId: string,
    message: string,
  ) {
    super(409, 'chain_conflict', message);
  }
}

export async function recordChainEvent(db: CentralDb, stationId: string, p: SyncPayload<'chain.link'>): Promise<void> {
  if (p.op === 'link') return appendLink(db, stationId, p);
  if (p.op === 'damaged') {
    const missing = p.expectedLength - p.firstBad;
    return flag(db, stationId, p.sessionId, 'damaged-session', `session ${p.sessionId}: the station found its recording damaged from link ${p.firstBad} (${missing} of ${p.expectedLength} links missing or different on its disk): ${p.detail}`);
  }
  return checkSealed(db, stationId, p);
}

async function appendLink(db: CentralDb, stationId: string, p: Extract<SyncPayload<'chain.link'>, { op: 'link' }>): Promise<void> {
  const last = await db
    .selectFrom('chain_links')
    .select(['idx', 'hash'])
    .where('station_id', '=', stationId)
    .where('session_id', '=', p.sessionId)
    .orderBy('idx', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last && Number(last.idx) >= p.index) {
    const held = await db.selectFrom('chain_links').select(['hash']).where('station_id', '=', stationId).where('session_id', '=', p.sessionId).where('idx', '=', p.index).executeTakeFirst();
    if (held?.hash === p.hash) return; // the same link again (a station re-announcing after losing its outbox row)
    throw new ChainRefused(stationId, p.sessionId, `session ${p.sessionId}: link ${p.index} would replace the anchored link ${p.index} (anchored chain has ${Number(last.idx) + 1} links)`);
  }
  const expectedIndex = last ? Number(last.idx) + 1 : 0;
  const expectedPrev = last ? last.hash : GENESIS;
  if (p.index !== expectedIndex) throw new ChainRefused(stationId, p.sessionId, `session ${p.sessionId}: link ${p.index} does not extend the anchored chain (next index is ${expectedIndex})`);
  if (p.prev !== expectedPrev) throw new ChainRefused(stationId, p.sessionId, `session ${p.sessionId}: link ${p.index} does not link to the anchored link ${expectedIndex - 1}`);
  await db.insertInto('chain_links').values({ station_id: stationId, session_id: p.sessionId, idx: p.index, entry_type: p.type, file: p.file, hash: p.hash, prev: p.prev, received_at: nowIso() }).execute();
}

async function checkSealed(db: CentralDb, stationId: string, p: Extract<SyncPayload<'chain.link'>, { op: 'sealed' }>): Promise<void> {
  const station = await db.selectFrom('stations').select(['public_key']).where('station_id', '=', stationId).executeTakeFirstOrThrow();
  const enrolled = createPublicKey(station.public_key);
  const der = enrolled.export({ type: 'spki', format: 'der' });
  const enrolledId = `sha256:${createHash('sha256').update(der).digest('hex')}`;
  let ok: boolean;
  try {
    ok = p.publicKey === der.toString('base64') && verify(null, Buffer.from(p.signedText, 'utf8'), enrolled, Buffer.from(p.signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) await flag(db, stationId, p.sessionId, 'foreign-manifest-key', `the manifest of session ${p.sessionId} is signed by ${p.keyId}, not by the station's enrolled key ${enrolledId}`);
  let chain: { length?: unknown; head?: unknown } | undefined;
  try {
    chain = (JSON.parse(p.signedText) as { chain?: { length?: unknown; head?: unknown } }).chain;
  } catch {
    chain = undefined;
  }
  if (chain?.length !== p.length || chain?.head !== p.head) await flag(db, stationId, p.sessionId, 'manifest-mismatch', `the manifest of session ${p.sessionId} does not say the chain it was announced with`);
}

export async function flag(db: CentralDb, stationId: string, sessionId: string, kind: string, detail: string): Promise<void> {
  // A refused batch is retried by the station: one flag per finding, not one per retry.
  const held = await db.selectFrom('evidence_flags').select(['id']).where('station_id', '=', stationId).where('session_id', '=', sessionId).where('kind', '=', kind).where('detail', '=', detail).executeTakeFirst();
  if (held) return;
  await db.insertInto('evidence_flags').values({ station_id: stationId, session_id: sessionId, kind, detail, at: nowIso() }).execute();
}

/** Evidence flags of every station (the Situation Center lists them). */
export async function evidenceFlags(db: CentralDb): Promise<Array<{ station_id: string; session_id: string; kind: string; detail: string; at: string }>> {
  return db.selectFrom('evidence_flags').select(['station_id', 'session_id', 'kind', 'detail', 'at']).orderBy('id').execute();
}

/** A session's anchored chain, with a receipt for its head signed by central now. */
export async function sessionChain(db: CentralDb, key: CentralKey, stationId: string, sessionId: string): Promise<SessionChainResponse> {
  const rows = await db.selectFrom('chain_links').selectAll().where('station_id', '=', stationId).where('session_id', '=', sessionId).orderBy('idx').execute();
  const station = await db.selectFrom('stations').select(['public_key']).where('station_id', '=', stationId).executeTakeFirstOrThrow();
  const der = createPublicKey(station.public_key).export({ type: 'spki', format: 'der' });
  const links = rows.map((r) => ({ index: Number(r.idx), type: r.entry_type, file: r.file, hash: r.hash, prev: r.prev }));
  const flags = (await db.selectFrom('evidence_flags').select(['kind', 'detail', 'at']).where('station_id', '=', stationId).where('session_id', '=', sessionId).orderBy('id').execute()).map((f) => ({ ...f }));
  if (links.length === 0 && flags.length === 0) throw new CentralError(404, 'not_found', `no anchored chain for session ${sessionId}`);
  const body = { stationId, sessionId, length: links.length, head: links[links.length - 1]?.hash ?? '', at: nowIso() };
  const receipt: AnchorReceipt = { format: 'hattama-anchor/1', ...body, keyId: key.keyId, signature: key.sign(receiptText(body)) };
  return { sessionId, links, stationKey: { keyId: `sha256:${createHash('sha256').update(der).digest('hex')}`, publicKey: der.toString('base64') }, receipt, flags };
}
