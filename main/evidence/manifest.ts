import path from 'node:path';
import type { TimelineEntry } from '../../common/contract/recording';
import { canonicalJson } from './canonical';
import { CHAIN_FILE, type ChainEntry, type SegmentInfo, type SessionInfo, type TrackInfo } from './chain';
import { writeFileDurable } from '../fs/durable';
import { signText, type StationKey } from '../keys/station-key';

// The manifest: what a finished session is, signed with the station key. It is derived from
// the chain alone (so `verify` can rebuild it and compare) plus the closing status, and pins
// the chain by its length and head hash. The signature covers the canonical JSON of every
// field but `signature` itself.

export const MANIFEST_FILE = 'manifest.json';
export type SessionStatus = 'complete' | 'recovered' | 'aborted';

export interface Manifest {
  format: string;
  session: SessionInfo;
  status: SessionStatus;
  closedAt: string;
  tracks: TrackInfo[];
  segments: SegmentInfo[];
  timeline: TimelineEntry[];
  /** Seconds of audio (and of video) per track. */
  durations: Record<string, number>;
  chain: { file: string; length: number; head: string };
  signature?: { alg: 'Ed25519'; keyId: string; publicKey: string; value: string };
}

/** Everything the chain says about the session, in chain order. */
export function summarizeChain(entries: ChainEntry[]): {
  session: SessionInfo | null;
  tracks: TrackInfo[];
  segments: SegmentInfo[];
  timeline: TimelineEntry[];
  opened: Array<Extract<ChainEntry, { type: 'open' }>>;
} {
  let session: SessionInfo | null = null;
  const tracks: TrackInfo[] = [];
  const segments: SegmentInfo[] = [];
  const timeline: TimelineEntry[] = [];
  const opened: Array<Extract<ChainEntry, { type: 'open' }>> = [];
  for (const e of entries) {
    if (e.type === 'session') session = e.session;
    else if (e.type === 'track') tracks.push(e.track);
    else if (e.type === 'segment') segments.push(e.segment);
    else if (e.type === 'mark') timeline.push(e.mark);
    else if (e.type === 'open') opened.push(e);
  }
  return { session, tracks, segments, timeline, opened };
}

export function buildManifest(entries: ChainEntry[], status: SessionStatus, closedAt: string): Manifest {
  const { session, tracks, segments, timeline } = summarizeChain(entries);
  if (!session) throw new Error('chain has no session entry');
  const durations: Record<string, number> = {};
  for (const t of tracks) {
    if (t.kind === 'video') {
      // Video: the sum of its segments' probed durations (overlaps at rotations included).
      const ms = segments.filter((s) => s.track === t.id).reduce((a, s) => a + (s.durationMs ?? 0), 0);
      durations[t.id] = Math.round(ms) / 1000;
      continue;
    }
    if (t.kind !== 'audio' || !t.sampleRate) continue;
    const frames = segments.filter((s) => s.track === t.id).reduce((a, s) => a + (s.frames ?? 0), 0);
    durations[t.id] = Math.round((frames / t.sampleRate) * 1000) / 1000;
  }
  const last = entries[entries.length - 1];
  return {
    format: session.format,
    session,
    status,
    closedAt,
    tracks,
    segments,
    timeline,
    durations,
    chain: { file: CHAIN_FILE, length: entries.length, head: last ? last.hash : '' },
  };
}

export function manifestSigningText(m: Manifest): string {
  const { signature: _drop, ...rest } = m;
  return canonicalJson(rest);
}

export function signManifest(m: Manifest, key: StationKey): Manifest {
  const { signature: _drop, ...rest } = m;
  const value = signText(key, canonicalJson(rest));
  return { ...rest, signature: { alg: 'Ed25519', keyId: key.keyId, publicKey: key.publicKeyB64, value } };
}

export function writeManifest(dir: string, m: Manifest): void {
  writeFileDurable(path.join(dir, MANIFEST_FILE), `${JSON.stringify(m, null, 2)}\n`);
}
