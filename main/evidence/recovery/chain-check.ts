import fs from 'node:fs';
import type { Db } from '../../db/database';
import { readChain } from '../chain';
import { anchoredLinks, damagedSession, markDamaged, type DamagedSession } from '../chain-anchors';

// Before recovery signs anything, the chain on disk is held against the chain the station's
// database recorded as it was written (every link was anchored there and sent to central).
// A disk that holds fewer links, or other ones, is not a crash: something was removed or
// rewritten. Such a session is never signed: it is marked damaged, with what is missing.

/**
 * Damaged (newly or before), or null when the disk holds at least every recorded link: the
 * database's record and, when central could be asked, central's anchored chain (`atCentral`).
 */
export function checkAgainstRecord(db: Db, sessionId: string, chainFile: string, atCentral: Array<{ idx: number; hash: string }> | null = null): DamagedSession | null {
  const before = damagedSession(db, sessionId);
  if (before) return before;
  const local = anchoredLinks(db, sessionId);
  // Whichever record is longer: a replaced database cannot hide what central received.
  const recorded = atCentral && atCentral.length > local.length ? atCentral : local;
  const where = recorded === local ? 'the database recorded' : 'central anchored';
  if (recorded.length === 0) return null;
  const entries = fs.existsSync(chainFile) ? readChain(chainFile).entries : [];
  let firstBad = -1;
  let detail = '';
  for (let i = 0; i < recorded.length; i++) {
    const r = recorded[i]!;
    const e = entries[i];
    if (r.idx !== i) continue; // a hole in the database's own record cannot be judged here
    if (!e) {
      firstBad = i;
      detail = `link ${i} and ${recorded.length - i - 1} after it are missing on disk (${where} ${recorded.length} links, the disk holds ${entries.length})`;
      break;
    }
    if (e.hash !== r.hash) {
      firstBad = i;
      detail = `link ${i} on disk is not the one ${where} (${e.hash.slice(0, 12)}… instead of ${r.hash.slice(0, 12)}…)`;
      break;
    }
  }
  if (firstBad < 0) return null;
  const last = recorded[recorded.length - 1]!;
  const d: DamagedSession = { sessionId, expectedLength: recorded.length, expectedHead: last.hash, diskLength: entries.length, firstBad, detail, at: new Date().toISOString() };
  markDamaged(db, d);
  return d;
}
