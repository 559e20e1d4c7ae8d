import path from 'node:path';
import type { SessionOrigin } from './chain';
import { canonicalJson } from './canonical';
import { writeFileDurable } from '../fs/durable';
import { signText, type StationKey } from '../keys/station-key';

// A clip: an excerpt of one recording session for a party, in its own folder. The clip
// manifest (`clip.json`) names the source session and its signed manifest's SHA-256, and for
// every file of the clip what it was cut from: audio sample-exact (the source segments' SHA-256,
// the frames taken from each and where they sit in the clip file), video at keyframes (marked so,
// with the range asked for and the range the cut file holds). It lists the sealed ranges the
// clip was cut around. Signed like a session's manifest: Ed25519 over the canonical JSON of all
// but `signature`. Format: docs/evidence.md, "Clips".

export const CLIP_MANIFEST_FILE = 'clip.json';
export const CLIP_FORMAT = 'hattama-clip/1';

export interface ClipAudioSource {
  /** The source segment and its chained hash. */
  file: string;
  sha256: string;
  bytes: number;
  /** First frame taken from the segment (0 = its first sample), and how many. */
  fromFrame: number;
  frames: number;
  /** Where those frames start in the clip file (frames from its first sample). */
  clipFrame: number;
}

export interface ClipAudioFile {
  kind: 'audio';
  file: string;
  track: string;
  sha256: string;
  bytes: number;
  cut: 'sample';
  sampleRate: number;
  channels: number;
  frames: number;
  /** The file's samples on the source session's timeline: [fromFrame, toFrame) and in ms. */
  sessionFromFrame: number;
  sessionToFrame: number;
  fromMs: number;
  toMs: number;
  sources: ClipAudioSource[];
}

export interface ClipVideoFile {
  kind: 'video';
  file: string;
  track: string;
  sha256: string;
  bytes: number;
  /** Stream copy: the cut starts at the keyframe at or before the range asked for. */
  cut: 'keyframe';
  /** The range asked for on the session's timeline, ms. */
  requestedFromMs: number;
  requestedToMs: number;
  /** Seconds into the source segment the cut was asked to start, and the cut file's probed duration. */
  segmentOffsetMs: number;
  durationMs: number | null;
  source: { file: string; sha256: string; bytes: number };
}

export type ClipFile = ClipAudioFile | ClipVideoFile;

export interface ClipManifest {
  format: string;
  clipId: string;
  createdAt: string;
  createdBy: { personId: number | null; name: string };
  source: SessionOrigin & {
    /** SHA-256 of the source's manifest.json as signed (null while the session is still recorded: then `chainHead`). */
    manifestSha256: string | null;
    chainLength: number;
    chainHead: string;
  };
  /** The range asked for on the session's timeline, ms. */
  requested: { fromMs: number; toMs: number };
  /** Sealed ranges inside it that the clip leaves out (never silently included). */
  excluded: Array<{ seq: number; fromMs: number; toMs: number; reason: string }>;
  files: ClipFile[];
  signature?: { alg: 'Ed25519'; keyId: string; publicKey: string; value: string };
}

export function clipSigningText(m: ClipManifest): string {
  const { signature: _drop, ...rest } = m;
  return canonicalJson(rest);
}

export function signClip(m: ClipManifest, key: StationKey): ClipManifest {
  const { signature: _drop, ...rest } = m;
  return { ...rest, signature: { alg: 'Ed25519', keyId: key.keyId, publicKey: key.publicKeyB64, value: signText(key, canonicalJson(rest)) } };
}

export function writeClipManifest(dir: string, m: ClipManifest): string {
  const file = path.join(dir, CLIP_MANIFEST_FILE);
  writeFileDurable(file, `${JSON.stringify(m, null, 2)}\n`, 0o600);
  return file;
}
