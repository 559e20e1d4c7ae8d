import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson, sha256Hex } from './canonical';
import { CHAIN_FILE, readChain } from './chain';
import { MANIFEST_FILE } from './manifest';
import { createFileDurable, syncDir } from '../fs/durable';
import { signText, type StationKey } from '../keys/station-key';

// Sealed ranges of a session's recording (closed session, a minor, ...): append-only records in
// the session folder, `seals/seal-NNNNNN.json`, one per act (a seal, or the lifting of one).
// Each is signed with the station key and linked to the one before it (`prev`: its `hash`) and
// to the session's evidence as it stood (`anchor`: the signed manifest's SHA-256, or the chain's
// length and head while the session is still being recorded). The hash of each record also goes
// into the station's database and to central (seals-store.ts), so the last one cannot be removed
// unnoticed either. The records only add: a lifted seal stays in the folder with the record that
// lifted it after it.

export const SEALS_DIR = 'seals';
export const SEAL_FORMAT = 'hattama-seal/1';
export const SEAL_FILE_RE = /^seal-(\d{6})\.json$/;
export const SEAL_REASONS = ['closedSession', 'minor', 'stateSecret', 'personalData', 'other'] as const;
export type SealReason = (typeof SEAL_REASONS)[number];

export type SealAnchor = { manifestSha256: string } | { chainLength: number; chainHead: string };

/** What one record says (everything but `hash` and `signature`, which are computed over it). */
export interface SealBody {
  format: string;
  seq: number;
  op: 'seal' | 'unseal';
  sessionId: string;
  /** The seal this record concerns: its own seq for a seal, the lifted seal's for an unseal. */
  sealSeq: number;
  /** The sealed range on the session's recording timeline (the audio's clock), ms; a seal's only. */
  fromMs: number | null;
  toMs: number | null;
  reason: SealReason;
  /** The judge's words (required with `other`; the unseal's reason). */
  text: string | null;
  by: { personId: number | null; name: string };
  at: string;
  prev: string;
  anchor: SealAnchor;
}

export interface SealRecord extends SealBody {
  hash: string;
  signature: { alg: 'Ed25519'; keyId: string; publicKey: string; value: string };
}

/** A seal in force (not lifted), with its range. */
export interface ActiveSeal {
  seq: number;
  fromMs: number;
  toMs: number;
  reason: SealReason;
  text: string | null;
  by: string;
  at: string;
}

export const ZERO_HASH = '0'.repeat(64);

export function sealFileName(seq: number): string {
  return `seal-${String(seq).padStart(6, '0')}.json`;
}

export function sealSigningText(b: SealBody): string {
  return canonicalJson(b);
}

export function sealHash(b: SealBody): string {
  return sha256Hex(sealSigningText(b));
}

/** Splits a record into its body (what hash and signature cover). */
export function sealBodyOf(r: SealRecord): SealBody {
  const { hash: _h, signature: _s, ...body } = r;
  return body;
}

/** The seal files of a session folder, in order, parsed (null where a file is not JSON). */
export function readSealFiles(sessionDir: string): Array<{ file: string; seq: number; record: SealRecord | null }> {
  const dir = path.join(sessionDir, SEALS_DIR);
  if (!fs.existsSync(dir)) return [];
  const out: Array<{ file: string; seq: number; record: SealRecord | null }> = [];
  for (const f of fs.readdirSync(dir).sort()) {
    const m = SEAL_FILE_RE.exec(f);
    if (!m) continue;
    let record: SealRecord | null;
    try {
      record = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as SealRecord;
    } catch {
      record = null;
    }
    out.push({ file: `${SEALS_DIR}/${f}`, seq: Number(m[1]), record });
  }
  return out;
}

/** The seals in force, from the records on disk (a record that does not parse is skipped; verify names it). */
export function activeSeals(sessionDir: string): ActiveSeal[] {
  const seals = new Map<number, ActiveSeal>();
  for (const { record: r } of readSealFiles(sessionDir)) {
    if (!r) continue;
    if (r.op === 'seal' && r.fromMs !== null && r.toMs !== null) seals.set(r.seq, { seq: r.seq, fromMs: r.fromMs, toMs: r.toMs, reason: r.reason, text: r.text, by: r.by.name, at: r.at });
    else if (r.op === 'unseal') seals.delete(r.sealSeq);
  }
  return [...seals.values()].sort((a, b) => a.fromMs - b.fromMs);
}

/** Where the session's evidence stands now: the signed manifest's SHA-256, or the chain's head while it is recorded. */
export function currentAnchor(sessionDir: string): SealAnchor {
  const manifest = path.join(sessionDir, MANIFEST_FILE);
  if (fs.existsSync(manifest)) return { manifestSha256: createHash('sha256').update(fs.readFileSync(manifest)).digest('hex') };
  const entries = readChain(path.join(sessionDir, CHAIN_FILE)).entries;
  const last = entries[entries.length - 1];
  return { chainLength: entries.length, chainHead: last?.hash ?? ZERO_HASH };
}

export type NewSeal = Pick<SealBody, 'op' | 'sealSeq' | 'fromMs' | 'toMs' | 'reason' | 'text' | 'by' | 'at'>;

/**
 * Writes the next record (signed, linked to the last one and to the evidence), durably and
 * without replacing any file. The caller serialises writers (one core per data directory).
 */
export function appendSeal(sessionDir: string, sessionId: string, input: NewSeal | ((seq: number) => NewSeal), key: StationKey): SealRecord {
  const existing = readSealFiles(sessionDir);
  const last = existing[existing.length - 1];
  const seq = (last?.seq ?? 0) + 1;
  const fields = typeof input === 'function' ? input(seq) : input;
  const body: SealBody = {
    format: SEAL_FORMAT,
    seq,
    sessionId,
    ...fields,
    sealSeq: fields.op === 'seal' ? seq : fields.sealSeq,
    prev: last?.record?.hash ?? ZERO_HASH,
    anchor: currentAnchor(sessionDir),
  };
  const record: SealRecord = {
    ...body,
    hash: sealHash(body),
    signature: { alg: 'Ed25519', keyId: key.keyId, publicKey: key.publicKeyB64, value: signText(key, sealSigningText(body)) },
  };
  const dir = path.join(sessionDir, SEALS_DIR);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  createFileDurable(path.join(dir, sealFileName(seq)), Buffer.from(`${JSON.stringify(record, null, 2)}\n`), 0o400);
  syncDir(sessionDir);
  return record;
}

/** Milliseconds of `[fromMs, toMs)` that no active seal covers, as sorted pieces. */
export function unsealedPieces(fromMs: number, toMs: number, seals: readonly Pick<ActiveSeal, 'fromMs' | 'toMs'>[]): Array<{ fromMs: number; toMs: number }> {
  let pieces = [{ fromMs, toMs }];
  for (const s of seals) {
    pieces = pieces.flatMap((p) => {
      if (s.toMs <= p.fromMs || s.fromMs >= p.toMs) return [p];
      const out: Array<{ fromMs: number; toMs: number }> = [];
      if (s.fromMs > p.fromMs) out.push({ fromMs: p.fromMs, toMs: s.fromMs });
      if (s.toMs < p.toMs) out.push({ fromMs: s.toMs, toMs: p.toMs });
      return out;
    });
  }
  return pieces.filter((p) => p.toMs > p.fromMs);
}
