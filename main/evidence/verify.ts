import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../common/errors';
import { canonicalJson } from './canonical';
import { CHAIN_FILE, readChain, type SegmentInfo } from './chain';
import { hashFileSync } from '../fs/hash-file';
import { describeKey, publicKeyFromB64, PUBLIC_KEY_FILE, readPublicKey, verifyText } from '../keys/station-key';
import { buildManifest, MANIFEST_FILE, manifestSigningText, summarizeChain, type Manifest } from './manifest';
import { LOCK_FILE, PART_SUFFIX, RESERVE_FILE } from './session-folder';
import type { CentralAnchor } from './central-anchor';
import { dataDirOf, readStationRecord, type StationRecord } from './station-record';
import { checkCentral, checkReceipt, checkStationRecord, type AnchorFindingCode } from './verify-anchors';
import { checkSeals, type SealFindingCode } from './seals-verify';
import { SEALS_DIR } from './seals';
import { checkClip, CLIP_NOTES, isClipFolder, type ClipFindingCode } from './clip-verify';
import { muteSpans } from './mute-spans';

// `hattama verify`: proves a session folder is what the station signed. Checks, and reports
// every finding rather than stopping at the first: the manifest's Ed25519 signature (and that
// the key is the station's when it is known), the chain (JSON, order, links, hashes), that the
// manifest says what the chain says, every segment's SHA-256 and size, the order of segments,
// and files that are missing or should not be there.

export type FindingCode =
  | 'changed'
  | 'missing'
  | 'extra'
  | 'reordered'
  | 'badSignature'
  | 'foreignKey'
  | 'chainBroken'
  | 'manifestMissing'
  | 'manifestMismatch'
  | 'unfinished'
  | 'recovered'
  | 'keyUnknown'
  | 'signedBy'
  | 'privacyMute'
  | 'privacyMuteToEnd'
  | AnchorFindingCode
  | SealFindingCode
  | ClipFindingCode;

export interface Finding {
  code: FindingCode;
  /** Errors make the session fail; notes are information. */
  severity: 'error' | 'note';
  file?: string;
  params: Record<string, string | number>;
}

export interface VerifyResult {
  path: string;
  intact: boolean;
  segments: number;
  status: string | null;
  keyId: string | null;
  /** Recovery found less on disk than was recorded (the station's database or central). */
  damaged: boolean;
  findings: Finding[];
}

export interface VerifyOptions {
  /** The station's public key; else DATA/keys beside DATA/recordings/<id> is used when present. */
  publicKey?: KeyObject;
  /** Central's anchored chain of the session (`--central`): the chain and the enrolled key are checked against it. */
  central?: CentralAnchor;
  /** What the station's database recorded; else read from DATA/hattama.db beside DATA/recordings/<id> when present. */
  stationRecord?: StationRecord | null;
  /** A clip only: its source session folder, whose samples the clip's audio must equal (`--source`). */
  source?: string;
}

const NOTES: ReadonlySet<FindingCode> = new Set(['recovered', 'signedBy', 'privacyMute', 'privacyMuteToEnd', 'receiptCovers', 'receiptNone', 'notAnchored', 'sealRecords', ...(CLIP_NOTES as ReadonlySet<FindingCode>)]);

export function verifySession(target: string, opts: VerifyOptions = {}): VerifyResult {
  const abs = path.resolve(target);
  let dir = abs;
  if (fs.existsSync(abs) && fs.statSync(abs).isFile()) dir = path.dirname(abs);
  if (fs.existsSync(dir) && isClipFolder(dir)) return verifyClip(dir, opts);
  const manifestPath = path.join(dir, MANIFEST_FILE);
  const chainPath = path.join(dir, CHAIN_FILE);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory() || (!fs.existsSync(manifestPath) && !fs.existsSync(chainPath))) {
    throw new HattamaError('recording.notASession', { path: abs });
  }
  const findings: Finding[] = [];
  const add = (code: FindingCode, file: string | undefined, params: Record<string, string | number> = {}) =>
    findings.push({ code, severity: NOTES.has(code) ? 'note' : 'error', ...(file ? { file } : {}), params: { ...(file ? { file } : {}), ...params } });

  // The chain.
  let chainSegments: SegmentInfo[] | null = null;
  let chainEntries: ReturnType<typeof readChain>['entries'] = [];
  if (fs.existsSync(chainPath)) {
    const chain = readChain(chainPath);
    chainEntries = chain.entries;
    for (const p of chain.problems) add('chainBroken', CHAIN_FILE, { line: p.line, detail: p.detail });
    chainSegments = summarizeChain(chain.entries).segments;
  } else {
    add('missing', CHAIN_FILE);
  }

  // The manifest and its signature.
  let manifest: Manifest | null = null;
  let keyId: string | null = null;
  if (!fs.existsSync(manifestPath)) {
    add('manifestMissing', MANIFEST_FILE);
  } else {
    try {
      manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
    } catch {
      add('badSignature', MANIFEST_FILE);
    }
  }
  if (manifest) {
    const sig = manifest.signature;
    let ok = false;
    if (sig?.alg === 'Ed25519' && typeof sig.publicKey === 'string' && typeof sig.value === 'string') {
      try {
        const embedded = publicKeyFromB64(sig.publicKey);
        keyId = describeKey(embedded).keyId;
        ok = verifyText(embedded, manifestSigningText(manifest), sig.value);
      } catch {
        ok = false;
      }
    }
    if (!ok) add('badSignature', MANIFEST_FILE);
    if (keyId) add('signedBy', undefined, { keyId });
    // A signature proves nothing by itself: the key must be one the reader trusts.
    const station = opts.publicKey ?? stationKeyNear(dir);
    if (station && keyId) {
      const expected = describeKey(station).keyId;
      if (expected !== keyId) add('foreignKey', MANIFEST_FILE, { keyId, expected });
    } else if (keyId && !opts.central) {
      add('keyUnknown', MANIFEST_FILE, { keyId });
    }
    // The manifest must say exactly what the chain says.
    if (chainEntries.length) {
      try {
        const rebuilt = buildManifest(chainEntries, manifest.status, manifest.closedAt);
        for (const field of ['session', 'tracks', 'segments', 'timeline', 'durations', 'chain'] as const) {
          if (canonicalJson(rebuilt[field]) !== canonicalJson(manifest[field])) add('manifestMismatch', MANIFEST_FILE, { detail: field });
        }
      } catch (e) {
        add('manifestMismatch', MANIFEST_FILE, { detail: (e as Error).message });
      }
    }
    if (manifest.status === 'recovered') {
      const rec = manifest.timeline?.find((t) => t.type === 'recovered');
      add('recovered', undefined, { gapMs: rec?.gapMs ?? 0 });
    }
  }
  // The privacy mutes the chain marks: which microphone is silence from which sample to which.
  for (const m of muteSpans(chainEntries.length ? summarizeChain(chainEntries).timeline : (manifest?.timeline ?? []))) {
    const p = { channel: m.channel, role: m.role, from: m.from.toFixed(3), fromFrame: m.fromFrame };
    if (m.toFrame === null || m.to === null) add('privacyMuteToEnd', undefined, p);
    else add('privacyMute', undefined, { ...p, to: m.to.toFixed(3), toFrame: m.toFrame });
  }

  // The media files.
  const expected = chainSegments ?? manifest?.segments ?? [];
  const byHash = new Map<string, SegmentInfo>();
  for (const s of expected) byHash.set(s.sha256, s);
  const known = new Set([MANIFEST_FILE, CHAIN_FILE, ...expected.map((s) => s.file)]);
  for (const s of expected) {
    const full = path.join(dir, s.file);
    if (!fs.existsSync(full)) {
      add('missing', s.file);
      continue;
    }
    const h = hashFileSync(full);
    if (h.sha256 === s.sha256 && h.bytes === s.bytes) continue;
    const other = byHash.get(h.sha256);
    if (other && other.file !== s.file) add('reordered', s.file, { expected: other.file });
    else add('changed', s.file);
  }
  // Segment order within each track: indexes 1, 2, 3, ... and positions that follow on.
  const tracks = new Map<string, SegmentInfo[]>();
  for (const s of expected) tracks.set(s.track, [...(tracks.get(s.track) ?? []), s]);
  for (const [, segs] of tracks) {
    let pos = 0;
    segs.forEach((s, i) => {
      const positionsOk = s.startFrame === undefined || s.startFrame === pos;
      if (s.index !== i + 1 || !positionsOk) add('reordered', s.file, { expected: `#${i + 1}` });
      pos = (s.startFrame ?? pos) + (s.frames ?? 0);
    });
  }
  for (const f of fs.readdirSync(dir).sort()) {
    if (known.has(f) || (f === SEALS_DIR && fs.statSync(path.join(dir, f)).isDirectory())) continue;
    if (f.endsWith(PART_SUFFIX) && !manifest) add('unfinished', f);
    else if (!manifest && (f === LOCK_FILE || f === RESERVE_FILE)) continue;
    else add('extra', f);
  }

  // What was recorded of the chain outside this folder: the station's database, and central.
  const sessionId = path.basename(dir);
  const near = dataDirOf(dir);
  // The sealed ranges: their records, links and anchors, and what the database kept of them.
  checkSeals(dir, { chain: chainEntries, keyId, dataDir: near }, (code, file, params) => add(code, file, params));
  const record = opts.stationRecord !== undefined ? opts.stationRecord : near ? readStationRecord(near, sessionId) : null;
  const addAnchor = (code: AnchorFindingCode, params: Record<string, string | number> = {}) => add(code, undefined, params);
  if (record) checkStationRecord(chainEntries, record, addAnchor);
  if (opts.central) checkCentral(chainEntries, keyId, opts.central, addAnchor);
  else checkReceipt(chainEntries, record?.receipt ?? null, addAnchor);

  return {
    path: dir,
    intact: !findings.some((f) => f.severity === 'error'),
    damaged: findings.some((f) => f.code === 'damaged' || f.code === 'damagedCentral'),
    segments: expected.length,
    status: manifest?.status ?? null,
    keyId,
    findings,
  };
}

/** A clip folder (clip.json): its signature by a trusted key, its files, and with `source` its samples against the source's. */
function verifyClip(dir: string, opts: VerifyOptions): VerifyResult {
  const findings: Finding[] = [];
  const add = (code: FindingCode, file: string | undefined, params: Record<string, string | number> = {}) =>
    findings.push({ code, severity: NOTES.has(code) ? 'note' : 'error', ...(file ? { file } : {}), params: { ...(file ? { file } : {}), ...params } });
  const r = checkClip(dir, opts.source ? { source: opts.source } : {}, add);
  if (r.keyId) {
    add('signedBy', undefined, { keyId: r.keyId });
    // DATA/clips/<id> -> DATA/keys; else the source's station (DATA/recordings/<id> -> DATA/keys).
    const station = opts.publicKey ?? stationKeyNear(dir) ?? (opts.source ? stationKeyNear(path.resolve(opts.source)) : undefined);
    if (!station) add('keyUnknown', 'clip.json', { keyId: r.keyId });
    else if (describeKey(station).keyId !== r.keyId) add('foreignKey', 'clip.json', { keyId: r.keyId, expected: describeKey(station).keyId });
  }
  return { path: dir, intact: !findings.some((f) => f.severity === 'error'), damaged: false, segments: r.files, status: r.manifest ? 'clip' : null, keyId: r.keyId, findings };
}

/** DATA/recordings/<id> -> DATA/keys/station public key, if this folder lives in a station's data. */
function stationKeyNear(dir: string): KeyObject | undefined {
  const file = path.join(dir, '..', '..', 'keys', PUBLIC_KEY_FILE);
  if (!fs.existsSync(file)) return undefined;
  try {
    return readPublicKey(file);
  } catch {
    return undefined;
  }
}
