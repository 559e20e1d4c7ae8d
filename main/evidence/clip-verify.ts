import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { hashFileSync } from '../fs/hash-file';
import { describeKey, publicKeyFromB64, verifyText } from '../keys/station-key';
import { CLIP_FORMAT, CLIP_MANIFEST_FILE, clipSigningText, type ClipAudioFile, type ClipManifest } from './clip-manifest';
import { MANIFEST_FILE, type Manifest } from './manifest';
import { BYTES_PER_SAMPLE, readWavInfo } from './wav';

// `hattama verify CLIP_DIR [--source SESSION_DIR]`: a clip on its own (its manifest's signature,
// every file's SHA-256 and size, nothing missing or extra), and with its source: the source's
// manifest is the one the clip names, each source segment has the hash the clip names, and every
// audio sample of the clip equals the source's at the stated offsets (byte for byte, read from
// the data chunks of both, wherever each file's header puts them); frames no source segment
// held (a lost segment: the clip keeps its tracks in step with silence there) must be zeros.

export type ClipFindingCode =
  | 'clipChanged'
  | 'clipMissing'
  | 'clipExtra'
  | 'clipBadSignature'
  | 'clipSourceManifest'
  | 'clipSourceSegment'
  | 'clipSamplesDiffer'
  | 'clipSourceKey'
  | 'clipSamplesEqual'
  | 'clipKeyframes'
  | 'clipExcluded';

export const CLIP_NOTES: ReadonlySet<string> = new Set(['clipSamplesEqual', 'clipKeyframes', 'clipExcluded']);

type Add = (code: ClipFindingCode, file: string | undefined, params?: Record<string, string | number>) => void;

export function isClipFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, CLIP_MANIFEST_FILE));
}

export interface ClipCheck {
  manifest: ClipManifest | null;
  /** The key that signed the clip (its manifest's), when it verifies. */
  keyId: string | null;
  files: number;
}

/** The clip's own findings; `trusted` is the key it must be signed by (foreign/unknown are reported by the caller). */
export function checkClip(dir: string, opts: { source?: string }, add: Add): ClipCheck {
  let m: ClipManifest | null;
  try {
    m = JSON.parse(fs.readFileSync(path.join(dir, CLIP_MANIFEST_FILE), 'utf8')) as ClipManifest;
  } catch {
    m = null;
  }
  if (!m || m.format !== CLIP_FORMAT || !Array.isArray(m.files)) {
    add('clipBadSignature', CLIP_MANIFEST_FILE);
    return { manifest: null, keyId: null, files: 0 };
  }
  let keyId: string | null = null;
  try {
    const key = publicKeyFromB64(m.signature!.publicKey);
    if (verifyText(key, clipSigningText(m), m.signature!.value)) keyId = describeKey(key).keyId;
  } catch {
    keyId = null;
  }
  if (!keyId) add('clipBadSignature', CLIP_MANIFEST_FILE);
  const listed = new Set([CLIP_MANIFEST_FILE, ...m.files.map((f) => f.file)]);
  for (const f of m.files) {
    const full = path.join(dir, f.file);
    if (path.dirname(full) !== dir || !fs.existsSync(full)) {
      add('clipMissing', f.file);
      continue;
    }
    const h = hashFileSync(full);
    if (h.sha256 !== f.sha256 || h.bytes !== f.bytes) add('clipChanged', f.file);
    if (f.kind === 'video') add('clipKeyframes', f.file, { fromMs: Math.round(f.requestedFromMs), toMs: Math.round(f.requestedToMs) });
  }
  for (const f of fs.readdirSync(dir).sort()) if (!listed.has(f)) add('clipExtra', f);
  for (const x of m.excluded ?? []) add('clipExcluded', undefined, { fromMs: x.fromMs, toMs: x.toMs });
  if (opts.source) checkAgainstSource(dir, path.resolve(opts.source), m, keyId, add);
  return { manifest: m, keyId, files: m.files.length };
}

function checkAgainstSource(dir: string, src: string, m: ClipManifest, keyId: string | null, add: Add): void {
  const manifestPath = path.join(src, MANIFEST_FILE);
  if (!fs.existsSync(manifestPath)) {
    add('clipSourceManifest', undefined);
    return;
  }
  const bytes = fs.readFileSync(manifestPath);
  if (m.source.manifestSha256 !== createHash('sha256').update(bytes).digest('hex')) add('clipSourceManifest', undefined);
  try {
    const sm = JSON.parse(bytes.toString('utf8')) as Manifest;
    if (keyId && sm.signature && describeKey(publicKeyFromB64(sm.signature.publicKey)).keyId !== keyId) add('clipSourceKey', CLIP_MANIFEST_FILE, { keyId });
  } catch {
    add('clipSourceManifest', undefined);
  }
  const hashed = new Map<string, boolean>();
  const segmentOk = (file: string, sha256: string, size: number): boolean => {
    const k = `${file}:${sha256}`;
    if (!hashed.has(k)) {
      const full = path.join(src, file);
      const ok = fs.existsSync(full) && (() => {
        const h = hashFileSync(full);
        return h.sha256 === sha256 && h.bytes === size;
      })();
      if (!ok) add('clipSourceSegment', file);
      hashed.set(k, ok);
    }
    return hashed.get(k)!;
  };
  let frames = 0;
  let audioFiles = 0;
  let allEqual = true;
  for (const f of m.files) {
    if (f.kind === 'video') {
      segmentOk(f.source.file, f.source.sha256, f.source.bytes);
      continue;
    }
    audioFiles++;
    const equal = samplesEqual(dir, src, f, segmentOk, add);
    allEqual &&= equal;
    if (equal) frames += f.frames;
  }
  if (audioFiles && allEqual) add('clipSamplesEqual', undefined, { frames, files: audioFiles });
}

/** Every sample of one clip file against the source segments it names; false (and a finding) on the first difference. */
function samplesEqual(dir: string, src: string, f: ClipAudioFile, segmentOk: (file: string, sha: string, bytes: number) => boolean, add: Add): boolean {
  const clipPath = path.join(dir, f.file);
  if (!fs.existsSync(clipPath)) return false;
  let clipInfo: ReturnType<typeof readWavInfo>;
  try {
    clipInfo = readWavInfo(clipPath);
  } catch {
    add('clipSamplesDiffer', f.file, { source: '—' });
    return false;
  }
  const block = clipInfo.channels * BYTES_PER_SAMPLE;
  const clipFd = fs.openSync(clipPath, 'r');
  try {
    let covered = 0;
    for (const s of f.sources) {
      if (!segmentOk(s.file, s.sha256, s.bytes)) return false;
      const srcPath = path.join(src, s.file);
      const info = readWavInfo(srcPath);
      if (info.channels !== clipInfo.channels || info.sampleRate !== clipInfo.sampleRate || s.clipFrame < covered || !allZero(clipFd, clipInfo.dataOffset + covered * block, (s.clipFrame - covered) * block)) {
        add('clipSamplesDiffer', f.file, { source: s.file });
        return false;
      }
      const srcFd = fs.openSync(srcPath, 'r');
      try {
        if (!sameBytes(clipFd, clipInfo.dataOffset + s.clipFrame * block, srcFd, info.dataOffset + s.fromFrame * block, s.frames * block)) {
          add('clipSamplesDiffer', f.file, { source: s.file });
          return false;
        }
      } finally {
        fs.closeSync(srcFd);
      }
      covered = s.clipFrame + s.frames;
    }
    if (covered > f.frames || !allZero(clipFd, clipInfo.dataOffset + covered * block, (f.frames - covered) * block) || clipInfo.declaredDataBytes !== f.frames * block) {
      add('clipSamplesDiffer', f.file, { source: '—' });
      return false;
    }
    return true;
  } finally {
    fs.closeSync(clipFd);
  }
}

/** The `length` bytes at `pos` are all zero (silence) and all there. */
function allZero(fd: number, pos: number, length: number): boolean {
  const x = Buffer.alloc(Math.min(1 << 20, Math.max(length, 1)));
  for (let done = 0; done < length; ) {
    const n = Math.min(x.length, length - done);
    if (fs.readSync(fd, x, 0, n, pos + done) !== n || x.subarray(0, n).some((b) => b !== 0)) return false;
    done += n;
  }
  return true;
}

function sameBytes(a: number, aPos: number, b: number, bPos: number, length: number): boolean {
  const size = 1 << 20;
  const x = Buffer.alloc(size);
  const y = Buffer.alloc(size);
  for (let done = 0; done < length; ) {
    const n = Math.min(size, length - done);
    const ra = fs.readSync(a, x, 0, n, aPos + done);
    const rb = fs.readSync(b, y, 0, n, bPos + done);
    if (ra !== n || rb !== n || !x.subarray(0, n).equals(y.subarray(0, n))) return false;
    done += n;
  }
  return true;
}
