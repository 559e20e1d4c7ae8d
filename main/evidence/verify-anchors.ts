import { receiptText, type AnchorReceipt } from '../../common/chain-anchor';
import { publicKeyFromB64, verifyText } from '../keys/station-key';
import type { CentralAnchor } from './central-anchor';
import type { ChainEntry } from './chain';
import type { StationRecord } from './station-record';

// The chain on disk held against what was recorded of it elsewhere: the station's database
// (every link as it was written) and central (every link anchored, with a receipt signed by
// central's key). Used by `hattama verify`; each finding names the first link that differs.

export type AnchorFindingCode =
  | 'damaged'
  | 'recordMissing'
  | 'recordDiffers'
  | 'receiptCovers'
  | 'receiptNone'
  | 'receiptBad'
  | 'anchorMissing'
  | 'anchorDiffers'
  | 'notAnchored'
  | 'centralNone'
  | 'enrolledKey'
  | 'anchorRefused'
  | 'damagedCentral';

export type AddFinding = (code: AnchorFindingCode, params?: Record<string, string | number>) => void;

/** Against the station database's record: its links and whether recovery found the session damaged. */
export function checkStationRecord(entries: ChainEntry[], record: StationRecord, add: AddFinding): void {
  if (record.damaged) {
    const d = record.damaged;
    add('damaged', { firstBad: d.firstBad, expected: d.expectedLength, disk: d.diskLength });
  }
  for (const r of record.links) {
    const e = entries[r.idx];
    if (!e) {
      add('recordMissing', { index: r.idx, recorded: record.links.length, local: entries.length });
      return;
    }
    if (e.hash !== r.hash) {
      add('recordDiffers', { index: r.idx });
      return;
    }
  }
}

function covers(entries: ChainEntry[], r: AnchorReceipt): boolean {
  const last = entries[entries.length - 1];
  return !!last && r.length === entries.length && r.head === last.hash;
}

/** Whether central's receipt (the one the station kept, or one fetched now) covers the last link. */
export function checkReceipt(entries: ChainEntry[], receipt: AnchorReceipt | null, add: AddFinding): void {
  if (receipt && covers(entries, receipt)) add('receiptCovers', { length: receipt.length, at: receipt.at, keyId: receipt.keyId });
  else add('receiptNone', { local: entries.length, covered: receipt?.length ?? 0 });
}

/** Against central's anchored chain: differing or missing links, the enrolled key, central's flags. */
export function checkCentral(entries: ChainEntry[], manifestKeyId: string | null, anchor: CentralAnchor, add: AddFinding): void {
  const c = anchor.chain;
  if (!c) {
    add('centralNone', { local: entries.length });
    return;
  }
  const key = anchor.keys.find((k) => k.keyId === c.receipt.keyId);
  let receiptOk: boolean;
  try {
    receiptOk = !!key && verifyText(publicKeyFromB64(key.publicKey), receiptText(c.receipt), c.receipt.signature);
  } catch {
    receiptOk = false;
  }
  if (!receiptOk) add('receiptBad', { keyId: c.receipt.keyId });
  let first = -1;
  for (const l of c.links) {
    const e = entries[l.index];
    if (!e) {
      add('anchorMissing', { index: l.index, central: c.links.length, local: entries.length });
      first = l.index;
      break;
    }
    if (e.hash !== l.hash || e.prev !== l.prev) {
      add('anchorDiffers', { index: l.index });
      first = l.index;
      break;
    }
  }
  if (first < 0 && entries.length > c.links.length) add('notAnchored', { index: c.links.length, local: entries.length });
  if (manifestKeyId && manifestKeyId !== c.stationKey.keyId) add('enrolledKey', { keyId: manifestKeyId, expected: c.stationKey.keyId });
  for (const f of c.flags) {
    if (f.kind === 'chain-refused') add('anchorRefused', { at: f.at });
    if (f.kind === 'damaged-session') add('damagedCentral', { at: f.at });
  }
  if (receiptOk) checkReceipt(entries, c.receipt, add);
}
