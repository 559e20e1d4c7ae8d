import { receiptText } from '../../common/chain-anchor';
import type { Db } from '../db/database';
import { publicKeyFromB64, verifyText } from '../keys/station-key';
import type { Logger } from '../log/logger';
import { readCredentials } from '../sync/enrollment';
import { fetchCentralAnchor } from './central-anchor';
import { anchoredLinks, saveReceipt } from './chain-anchors';

// Central's receipts, kept by the station: for every session whose recorded chain is longer
// than its latest receipt covers, central is asked for its anchored chain; a receipt that
// verifies with central's published key, over links that are exactly the ones the database
// recorded, is kept (chain_receipts). Links not yet pushed simply wait for the next round.

export const RECEIPT_EVERY_MS = 60_000;

function sessionsBehind(db: Db): string[] {
  return db
    .prepare<[], { session_id: string }>(
      `SELECT a.session_id FROM chain_anchors a LEFT JOIN chain_receipts r ON r.session_id = a.session_id
       GROUP BY a.session_id HAVING COUNT(*) > COALESCE(MAX(r.length), 0)`,
    )
    .all()
    .map((r) => r.session_id);
}

/** One round; returns how many receipts were kept. Quiet when the station is not enrolled or central is away. */
export async function refreshReceipts(dataDir: string, db: Db, log?: Logger): Promise<number> {
  const creds = readCredentials(dataDir);
  if (!creds) return 0;
  let kept = 0;
  for (const sessionId of sessionsBehind(db)) {
    const anchor = await fetchCentralAnchor(creds.centralUrl, creds.token, sessionId);
    const c = anchor.chain;
    if (!c) continue;
    const key = anchor.keys.find((k) => k.keyId === c.receipt.keyId);
    if (!key || !verifyText(publicKeyFromB64(key.publicKey), receiptText(c.receipt), c.receipt.signature)) {
      log?.warn({ sessionId, keyId: c.receipt.keyId }, "central's chain receipt does not verify with its published key; not kept");
      continue;
    }
    const recorded = anchoredLinks(db, sessionId);
    const agrees = c.links.every((l, i) => recorded[i]?.idx === l.index && recorded[i]?.hash === l.hash);
    if (!agrees) {
      log?.error({ sessionId }, "central's anchored chain differs from the one this station recorded");
      continue;
    }
    saveReceipt(db, c.receipt);
    kept++;
  }
  return kept;
}

/** Every minute while the database is open; never holds the process. */
export function keepReceipts(dataDir: string, db: Db, log: Logger): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (!db.open) {
      clearInterval(timer);
      return;
    }
    if (running) return;
    running = true;
    refreshReceipts(dataDir, db, log)
      .catch((e: unknown) => {
        if (db.open) log.debug({ err: e }, 'chain receipts not refreshed (central away?)');
      })
      .finally(() => {
        running = false;
      });
  }, RECEIPT_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
