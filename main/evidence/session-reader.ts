import fs from 'node:fs';
import path from 'node:path';
import type { TimelineEntry } from '../../common/contract/recording';
import { CHAIN_FILE, readChain, type SegmentInfo, type TrackInfo } from './chain';
import { MANIFEST_FILE, summarizeChain, type Manifest } from './manifest';
import { FILE_NAME_RE, isSessionLive, sessionDir } from './session-folder';

// What a session folder holds, read from its chain (and its manifest when it is closed), for
// playback (main/review): never written to, only read. The chain is the authority on which
// files belong to the session; a file that is not in it is never served.

export interface SessionFiles {
  sessionId: string;
  dir: string;
  status: 'complete' | 'recovered' | 'aborted' | 'recording' | 'unfinished';
  signed: boolean;
  startedAt: string;
  tracks: TrackInfo[];
  segments: SegmentInfo[];
  timeline: TimelineEntry[];
  chainIntact: boolean;
  /** Closed segment files listed by the chain or the manifest: the only files that may be served. */
  allowed: Set<string>;
}

const cache = new Map<string, { key: string; files: SessionFiles }>();

/** Reads a session folder; null when there is no such session (no folder or no chain). Cached until the chain or manifest changes. */
export function readSessionFiles(dataDir: string, sessionId: string): SessionFiles | null {
  const dir = sessionDir(dataDir, sessionId);
  if (!dir) return null;
  const chainPath = path.join(dir, CHAIN_FILE);
  const manifestPath = path.join(dir, MANIFEST_FILE);
  const chainStat = statOrNull(chainPath);
  if (!chainStat?.isFile()) return null;
  const manifestStat = statOrNull(manifestPath);
  const key = `${chainStat.size}:${chainStat.mtimeMs}:${manifestStat?.size ?? '-'}:${manifestStat?.mtimeMs ?? '-'}`;
  const hit = cache.get(dir);
  if (hit && hit.key === key) return hit.files;

  const chain = readChain(chainPath);
  const sum = summarizeChain(chain.entries);
  let manifest: Manifest | null = null;
  if (manifestStat?.isFile()) {
    try {
      manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
    } catch {
      manifest = null;
    }
  }
  const segments = [...sum.segments];
  const allowed = new Set<string>();
  for (const s of segments) if (FILE_NAME_RE.test(s.file)) allowed.add(s.file);
  for (const s of manifest?.segments ?? []) {
    if (!FILE_NAME_RE.test(s.file) || allowed.has(s.file)) continue;
    allowed.add(s.file);
    segments.push(s);
  }
  const status: SessionFiles['status'] = manifest ? manifest.status : isSessionLive(dir) ? 'recording' : 'unfinished';
  const files: SessionFiles = {
    sessionId,
    dir,
    status,
    signed: !!manifest?.signature,
    startedAt: sum.session?.createdAt ?? manifest?.session.createdAt ?? '',
    tracks: sum.tracks.length ? sum.tracks : (manifest?.tracks ?? []),
    segments,
    timeline: sum.timeline.length ? sum.timeline : (manifest?.timeline ?? []),
    chainIntact: chain.problems.length === 0 && chain.entries.length > 0,
    allowed,
  };
  cache.set(dir, { key, files });
  return files;
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}
