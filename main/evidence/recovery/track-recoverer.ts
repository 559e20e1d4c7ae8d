import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../log/logger';
import type { ChainEntry, SegmentInfo, SessionInfo, TrackInfo } from '../chain';
import { PART_SUFFIX } from '../session-folder';

// What recovery asks of each track kind. The steps every kind shares (find the files the chain
// has no segment for, in index order; drop stale duplicates; hash, chain, announce) are in
// recover-all.ts; a recoverer only makes one left-over file final and says what the chain
// should carry about it beyond its name, hash and size.

/** A segment file of a track that the chain has no `segment` entry for. */
export interface Leftover {
  /** As found: <track>-NNNNNN.<ext>, with `.part` when it was being written. */
  name: string;
  finalName: string;
  index: number;
  ext: string;
  part: boolean;
}

export interface RecoveryContext {
  dir: string;
  sessionId: string;
  session: SessionInfo;
  track: TrackInfo;
  /** The chain's `open` entry of this file, when it got that far. */
  opened: Extract<ChainEntry, { type: 'open' }> | undefined;
  /** The track's segment before this one. */
  previous: SegmentInfo | undefined;
  log: Logger;
}

/** The track-specific fields of a recovered segment. */
export type RecoveredFields = Omit<SegmentInfo, 'track' | 'index' | 'file' | 'sha256' | 'bytes' | 'recovered'>;

export interface TrackRecoverer {
  /** Container extensions of this kind's segment files. */
  extensions: readonly string[];
  /** False when the chain's track entry lacks what recovery needs (its files are left alone). */
  canRecover(track: TrackInfo): boolean;
  /** Makes the file final under `finalName`; null when nothing was in it (it is removed). */
  recover(f: Leftover, ctx: RecoveryContext): Promise<RecoveredFields | null>;
}

/** Files of `track` in `dir` (final or part), in index order. */
export function findTrackFiles(dir: string, track: TrackInfo, extensions: readonly string[]): Leftover[] {
  const re = new RegExp(`^${escapeRe(track.id)}-(\\d{6})\\.(${extensions.map(escapeRe).join('|')})(${escapeRe(PART_SUFFIX)})?$`);
  return fs
    .readdirSync(dir)
    .map((name) => ({ name, m: re.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map(({ name, m }) => ({ name, finalName: m[3] ? name.slice(0, -PART_SUFFIX.length) : name, index: Number(m[1]), ext: m[2]!, part: Boolean(m[3]) }))
    .sort((a, b) => a.index - b.index);
}

export function removeFile(dir: string, name: string): void {
  fs.rmSync(path.join(dir, name), { force: true });
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
