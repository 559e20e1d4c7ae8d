import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { publicKeyFromB64, describeKey, verifyText } from '../keys/station-key';
import type { ChainEntry } from './chain';
import { currentAnchor, readSealFiles, SEAL_FORMAT, SEALS_DIR, SEAL_FILE_RE, sealBodyOf, sealFileName, sealHash, sealSigningText, ZERO_HASH } from './seals';
import { recordedSeals } from './seals-store';

// verify's look at a session's seal records (seals.ts): each record's hash and signature (by the
// key that signed the manifest), its place (seq = its file's number, no holes), its link to the
// one before, its anchor in the session's evidence, and the hashes the station's database kept
// (a seal file removed, the last one included, or replaced).

export type SealFindingCode = 'sealChanged' | 'sealMissing' | 'sealUnlinked' | 'sealAnchor' | 'sealForeignKey' | 'sealExtra' | 'sealRecords';

type Add = (code: SealFindingCode, file: string | undefined, params?: Record<string, string | number>) => void;

export function checkSeals(dir: string, opts: { chain: ChainEntry[]; keyId: string | null; dataDir: string | null }, add: Add): void {
  const files = readSealFiles(dir);
  const sealsDir = path.join(dir, SEALS_DIR);
  if (fs.existsSync(sealsDir)) for (const f of fs.readdirSync(sealsDir).sort()) if (!SEAL_FILE_RE.test(f)) add('sealExtra', `${SEALS_DIR}/${f}`);
  const manifestHash = (() => {
    const a = currentAnchor(dir);
    return 'manifestSha256' in a ? a.manifestSha256 : null;
  })();
  let prev = ZERO_HASH;
  let expectSeq = 1;
  const onDisk = new Map<number, string>();
  for (const { file, seq, record } of files) {
    while (expectSeq < seq) add('sealMissing', `${SEALS_DIR}/${sealFileName(expectSeq++)}`);
    expectSeq = seq + 1;
    if (!record || typeof record !== 'object' || record.format !== SEAL_FORMAT || !record.signature) {
      add('sealChanged', file);
      prev = '';
      continue;
    }
    onDisk.set(seq, record.hash);
    let intact: boolean;
    try {
      const body = sealBodyOf(record);
      const key = publicKeyFromB64(record.signature.publicKey);
      intact = body.seq === seq && sealHash(body) === record.hash && verifyText(key, sealSigningText(body), record.signature.value);
      const signer = describeKey(key).keyId;
      if (intact && opts.keyId && signer !== opts.keyId) add('sealForeignKey', file, { keyId: signer, expected: opts.keyId });
    } catch {
      intact = false;
    }
    if (!intact) add('sealChanged', file);
    if (prev !== '' && record.prev !== prev) add('sealUnlinked', file);
    prev = record.hash;
    const a = record.anchor as Record<string, unknown> | undefined;
    const anchored =
      a && typeof a.manifestSha256 === 'string'
        ? a.manifestSha256 === manifestHash
        : a && typeof a.chainLength === 'number' && typeof a.chainHead === 'string'
          ? (a.chainLength === 0 && a.chainHead === ZERO_HASH) || opts.chain[a.chainLength - 1]?.hash === a.chainHead
          : false;
    if (!anchored) add('sealAnchor', file);
  }
  // What the station's database kept of them.
  const recorded = opts.dataDir ? recordedSealsNear(opts.dataDir, path.basename(dir)) : [];
  for (const r of recorded) {
    const held = onDisk.get(r.seq);
    const file = `${SEALS_DIR}/${sealFileName(r.seq)}`;
    if (held === undefined) {
      if (!files.some((f) => f.seq === r.seq)) add('sealMissing', file);
    } else if (held !== r.hash) add('sealChanged', file);
  }
  const acts = files.filter((f) => f.record).length;
  if (acts) add('sealRecords', undefined, { count: acts });
}

function recordedSealsNear(dataDir: string, sessionId: string): Array<{ seq: number; hash: string }> {
  const file = path.join(dataDir, 'hattama.db');
  if (!fs.existsSync(file)) return [];
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return recordedSeals(db, sessionId);
  } catch {
    return [];
  } finally {
    db?.close();
  }
}
