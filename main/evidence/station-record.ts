import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { AnchorReceipt } from '../../common/chain-anchor';
import { anchoredLinks, damagedSession, latestReceipt, type DamagedSession } from './chain-anchors';

// What the station's database recorded of a session, read (read-only) by `hattama verify` when
// the session folder lives in a station's data directory: the links anchored as they were
// written, whether recovery found the session damaged, and central's latest receipt.

export interface StationRecord {
  links: Array<{ idx: number; hash: string }>;
  damaged: DamagedSession | null;
  receipt: AnchorReceipt | null;
}

const DB_FILE = 'hattama.db';

/** DATA for DATA/recordings/<id>, if that looks like a station's data directory. */
export function dataDirOf(sessionDir: string): string | null {
  const data = path.resolve(sessionDir, '..', '..');
  return path.basename(path.dirname(sessionDir)) === 'recordings' && fs.existsSync(path.join(data, DB_FILE)) ? data : null;
}

export function readStationRecord(dataDir: string, sessionId: string): StationRecord | null {
  const file = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(file)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const has = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('chain_anchors', 'chain_receipts', 'damaged_sessions')").get();
    if ((has?.n ?? 0) < 3) return null; // a database from before chains were anchored
    return { links: anchoredLinks(db, sessionId), damaged: damagedSession(db, sessionId), receipt: latestReceipt(db, sessionId) };
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
