import fs from 'node:fs';
import type { TimelineEntry } from '../../common/contract/recording';
import { writeAll } from '../fs/durable';
import { canonicalJson, sha256Hex } from './canonical';

// The hash chain: chain.jsonl beside the media, one JSON object per line, append-only. Each
// entry carries `prev` (the previous entry's hash; 64 zeros for the first) and `hash`, the
// SHA-256 of the canonical JSON of the entry without `hash`. Changing, removing or reordering
// any entry breaks every hash after it; the signed manifest pins the head.
//
// Entries are typed so that every track kind shares one chain: a `track` entry declares a track
// (audio, cameras, screen), `open`/`segment` entries name the track and the file, `mark` entries
// are the session timeline (start, pause, gap, ...).

export const CHAIN_FILE = 'chain.jsonl';
export const GENESIS_PREV = '0'.repeat(64);
export const SESSION_FORMAT = 'hattama-session/1';

export interface TrackInfo {
  /** "audio", "cam1", "screen", ... File names start with it. */
  id: string;
  kind: 'audio' | 'video';
  /** Container of its segments: "wav", "webm", "mp4". */
  format: string;
  sampleRate?: number;
  channels?: number;
  roles?: Array<{ channel: number; role: string }>;
  device?: string;
  /** Video: where it comes from, its role, codec and frame size. */
  source?: 'camera' | 'screen';
  role?: string;
  mimeType?: string;
  width?: number;
  height?: number;
}

export interface SessionInfo {
  format: string;
  sessionId: string;
  stationId: string;
  court: string;
  courtroom: string;
  caseRef: string | null;
  hearingId: string | null;
  createdAt: string;
}

/** Where and for what a session was recorded: what a segment's bext and a clip's manifest name too. */
export type SessionOrigin = Pick<SessionInfo, 'sessionId' | 'stationId' | 'court' | 'courtroom' | 'caseRef' | 'hearingId'>;

export interface SegmentInfo {
  track: string;
  index: number;
  file: string;
  sha256: string;
  bytes: number;
  /** Audio: sample frames in the file; its position on the track is startFrame. */
  frames?: number;
  startFrame?: number;
  /** Wall clock of the first sample (the capture's clock carried forward within one capture run). */
  startedAt: string;
  /** Set when recovery closed the file after a crash. */
  recovered?: boolean;
  /** Video: seconds on the common (audio) timeline where the file's time 0 is. */
  position?: number;
  /** Video: duration of the file as ffprobe reads it, milliseconds. */
  durationMs?: number;
  /** Video: SHA-256 and size of the bytes as received from the recorder, before the remux. */
  sourceSha256?: string;
  sourceBytes?: number;
  /** Video: the closed recorder output was remuxed (ffmpeg -c copy) for duration and cues. */
  remuxed?: boolean;
  /** Video: chunks received, and chunks that never arrived (a recorded gap inside the file). */
  chunks?: number;
  missingChunks?: number;
  /** Video: the recorder ended the run (false: the UI or the camera went away). */
  complete?: boolean;
  /** The conference track: what aligning it to the microphones' clock did in this segment (recording/conference-aligner.ts). */
  alignment?: { corrections: number; shiftFrames: number; missingFrames: number; maxErrorMs: number; driftPpm: number | null };
}

export type ChainBody =
  | { type: 'session'; session: SessionInfo }
  | { type: 'track'; track: TrackInfo }
  | { type: 'open'; track: string; index: number; file: string; startedAt: string; startFrame?: number; position?: number }
  | { type: 'segment'; segment: SegmentInfo }
  | { type: 'mark'; mark: TimelineEntry };

export type ChainEntry = ChainBody & { seq: number; prev: string; hash: string };

export function entryHash(entry: Omit<ChainEntry, 'hash'> | ChainEntry): string {
  const { hash: _drop, ...rest } = entry as ChainEntry;
  return sha256Hex(canonicalJson(rest));
}

export interface ChainProblem {
  line: number;
  detail: string;
}

export interface ChainRead {
  entries: ChainEntry[];
  problems: ChainProblem[];
  /** Bytes of a last line without its newline (a write torn by a power cut). */
  tornTailBytes: number;
  /** Length in bytes of the valid prefix (entries before the first problem). */
  validBytes: number;
}

/** Reads and checks a chain: JSON, seq order, prev links and hashes. */
export function readChain(file: string): ChainRead {
  const text = fs.readFileSync(file, 'utf8');
  const entries: ChainEntry[] = [];
  const problems: ChainProblem[] = [];
  let prev = GENESIS_PREV;
  let offset = 0;
  let validBytes = 0;
  let tornTailBytes = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const last = i === lines.length - 1;
    if (last) {
      if (line.length > 0) tornTailBytes = Buffer.byteLength(line);
      break;
    }
    const n = i + 1;
    offset += Buffer.byteLength(line) + 1;
    let e: ChainEntry;
    try {
      e = JSON.parse(line) as ChainEntry;
    } catch {
      problems.push({ line: n, detail: 'not JSON' });
      continue;
    }
    if (e.seq !== entries.length) problems.push({ line: n, detail: `sequence ${e.seq}, expected ${entries.length}` });
    if (e.prev !== prev) problems.push({ line: n, detail: 'does not link to the previous entry' });
    if (entryHash(e) !== e.hash) problems.push({ line: n, detail: 'entry hash does not match its content' });
    entries.push(e);
    prev = e.hash;
    if (problems.length === 0) validBytes = offset;
  }
  if (tornTailBytes > 0) problems.push({ line: lines.length, detail: 'incomplete last line' });
  return { entries, problems, tornTailBytes, validBytes };
}

/** Appends entries, each reaching the disk (fsync) before append() returns. */
export class ChainWriter {
  private fd: number;
  private seq: number;
  private head: string;
  private size: number;

  private constructor(
    readonly file: string,
    fd: number,
    seq: number,
    head: string,
  ) {
    this.fd = fd;
    this.seq = seq;
    this.head = head;
    this.size = fs.fstatSync(fd).size;
  }

  static create(file: string): ChainWriter {
    const fd = fs.openSync(file, 'wx');
    return new ChainWriter(file, fd, 0, GENESIS_PREV);
  }

  /** Continues an existing chain (recovery). The caller has cut any torn tail first. */
  static resume(file: string, entries: ChainEntry[]): ChainWriter {
    const fd = fs.openSync(file, 'r+');
    const last = entries[entries.length - 1];
    return new ChainWriter(file, fd, entries.length, last ? last.hash : GENESIS_PREV);
  }

  get length(): number {
    return this.seq;
  }

  get headHash(): string {
    return this.head;
  }

  append(body: ChainBody): ChainEntry {
    const partial = { ...body, seq: this.seq, prev: this.head } as Omit<ChainEntry, 'hash'>;
    const entry = { ...partial, hash: entryHash(partial) } as ChainEntry;
    const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    try {
      writeAll(this.fd, line, this.size);
      fs.fsyncSync(this.fd);
    } catch (e) {
      // Never leave half a line behind (disk full): the chain stays valid and the caller may retry.
      try {
        fs.ftruncateSync(this.fd, this.size);
      } catch {
        // recovery cuts a torn tail anyway
      }
      throw e;
    }
    this.size += line.length;
    this.seq += 1;
    this.head = entry.hash;
    return entry;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
