import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TimelineEntry } from '../../common/contract/recording';
import { syncDir } from '../fs/durable';
import { hashFile, hashFileSync, type FileHash } from '../fs/hash-file';
import { makeReadOnly } from '../fs/private-modes';
import type { StationKey } from '../keys/station-key';
import type { Logger } from '../log/logger';
import { CHAIN_FILE, ChainWriter, SESSION_FORMAT, type ChainBody, type ChainEntry, type SegmentInfo, type SessionInfo, type TrackInfo } from './chain';
import { buildManifest, MANIFEST_FILE, signManifest, writeManifest, type Manifest, type SessionStatus } from './manifest';
import type { SessionCatalog } from './session-catalog';
import { LOCK_FILE, RECORDINGS_DIR, RESERVE_BYTES, RESERVE_FILE } from './session-folder';

// One session being recorded: its folder, its chain (one queue, so every track's entries land
// in order), and at the end its signed manifest. Track writers (the audio's WAV segments, the
// video's runs) write their files into `dir` and chain them here; the tables learn of the
// session and of every closed file through the catalog.

export interface OpenSessionOptions {
  dataDir: string;
  sessionId: string;
  session: Omit<SessionInfo, 'format' | 'sessionId'>;
  /** Declared in the chain right after the session entry (the audio track). */
  tracks: TrackInfo[];
  catalog: SessionCatalog;
  key: () => StationKey;
  log: Logger;
  /** A chain write failed (disk full even after the reserve): the session cannot go on. */
  onError: (e: unknown) => void;
}

/** A track that must be finished (its last files chained) before the manifest is signed. */
export interface AttachedTrack {
  finish(): Promise<void>;
}

export class OpenSession {
  readonly dir: string;
  readonly relDir: string;
  readonly entries: ChainEntry[] = [];
  /** Every closed segment of every track, in chain order. */
  readonly closedSegments: SegmentInfo[] = [];
  private readonly chain: ChainWriter;
  private queue: Promise<void> = Promise.resolve();
  private reserveFreed = false;
  private attached: AttachedTrack[] = [];
  private closing = false;

  constructor(private readonly opts: OpenSessionOptions) {
    this.relDir = `${RECORDINGS_DIR}/${opts.sessionId}`;
    this.dir = path.join(opts.dataDir, RECORDINGS_DIR, opts.sessionId);
    fs.mkdirSync(this.dir, { recursive: false });
    syncDir(path.dirname(this.dir));
    fs.writeFileSync(path.join(this.dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() }));
    fs.writeFileSync(path.join(this.dir, RESERVE_FILE), Buffer.alloc(RESERVE_BYTES));
    this.chain = ChainWriter.create(path.join(this.dir, CHAIN_FILE));
    syncDir(this.dir);
    this.appendNow({ type: 'session', session: { format: SESSION_FORMAT, sessionId: opts.sessionId, ...opts.session } });
    for (const track of opts.tracks) this.appendNow({ type: 'track', track });
  }

  get sessionId(): string {
    return this.opts.sessionId;
  }

  /** True from the moment the session begins to close: no new track may join or open a file. */
  get finishing(): boolean {
    return this.closing;
  }

  /** A timeline mark, in chain order with everything queued before it. */
  mark(mark: TimelineEntry): void {
    this.append({ type: 'mark', mark });
  }

  /** Queues an entry; a failure ends the session (onError). */
  append(body: ChainBody): void {
    this.queue = this.queue.then(() => {
      this.appendNow(body);
    }).catch((e) => this.opts.onError(e));
  }

  /**
   * Runs `task` in the chain's queue, in order with every other entry; it may append through
   * `append`. Its failure is the caller's (returned): one track's trouble never stops another.
   */
  enqueueTask(task: (append: (body: ChainBody) => ChainEntry) => Promise<void> | void): Promise<void> {
    const run = this.queue.then(() => task((body) => this.appendNow(body)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A segment file is final on disk: it is hashed, its `segment` entry chained (after every
   * entry queued before) and the file announced to central. The one closing path of every track kind.
   */
  chainSegment(file: string, describe: (h: FileHash) => SegmentInfo): Promise<SegmentInfo> {
    let out!: SegmentInfo;
    return this.enqueueTask(async (append) => {
      const segment = describe(await hashFile(path.join(this.dir, file)));
      // Hashed and about to be chained: nothing may write it again (0400).
      makeReadOnly(path.join(this.dir, file));
      append({ type: 'segment', segment });
      this.closedSegments.push(segment);
      this.announce(segment.track, segment.file, segment);
      out = segment;
    }).then(() => out);
  }

  /** A track joins the session; it is finished before the manifest is signed. */
  attach(track: AttachedTrack): () => void {
    this.attached.push(track);
    return () => {
      this.attached = this.attached.filter((t) => t !== track);
    };
  }

  /** The session begins to close: `finishing` is true from here on. */
  beginFinish(): void {
    this.closing = true;
  }

  /** Every attached track delivers its last files into the chain. */
  async finishAttached(): Promise<void> {
    this.closing = true;
    for (const t of [...this.attached]) {
      try {
        await t.finish();
      } catch (e) {
        this.opts.log.error({ err: e, sessionId: this.sessionId }, 'a track could not finish with the session');
      }
    }
  }

  /** Waits for the chain, signs and writes the manifest, and tells the catalog the session is closed. */
  async seal(status: SessionStatus, stop: TimelineEntry | null): Promise<Manifest> {
    this.closing = true;
    if (stop) this.mark(stop);
    await this.queue;
    const manifest = signManifest(buildManifest(this.entries, status, new Date().toISOString()), this.opts.key());
    this.retryOnFull(() => writeManifest(this.dir, manifest));
    this.chain.close();
    this.freeReserve();
    fs.rmSync(path.join(this.dir, LOCK_FILE), { force: true });
    syncDir(this.dir);
    for (const [track, name] of [['chain', CHAIN_FILE], ['manifest', MANIFEST_FILE]] as const) this.announce(track, name, hashFileSync(path.join(this.dir, name)));
    try {
      this.opts.catalog.anchorSealed(this.sessionId, manifest);
    } catch (e) {
      this.opts.log.error({ err: e }, 'could not announce the signed manifest to the outbox');
    }
    const s = this.opts.session;
    this.opts.catalog.record({ id: this.sessionId, folder: this.relDir, caseRef: s.caseRef, hearingId: s.hearingId, startedAt: s.createdAt, status: 'closed', closedAt: manifest.closedAt });
    return manifest;
  }

  /** Heartbeat on the lock (at least once a second): recovery leaves a live session alone. */
  touch(): void {
    const now = new Date();
    try {
      fs.utimesSync(path.join(this.dir, LOCK_FILE), now, now);
    } catch {
      // the lock is a hint for recovery only
    }
  }

  /** Disk full: give the reserve back so the session can still be closed and signed. */
  freeReserve(): void {
    if (this.reserveFreed) return;
    this.reserveFreed = true;
    fs.rmSync(path.join(this.dir, RESERVE_FILE), { force: true });
  }

  /** Runs a write; on ENOSPC frees the reserve once and tries again. */
  retryOnFull<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOSPC' || this.reserveFreed) throw e;
      this.freeReserve();
      return fn();
    }
  }

  /** Abandons the session without a manifest (the process is going away; recovery will close it). */
  abandon(): void {
    this.closing = true;
    this.chain.close();
  }

  private appendNow(body: ChainBody): ChainEntry {
    const entry = this.retryOnFull(() => this.chain.append(body));
    this.entries.push(entry);
    try {
      this.opts.catalog.anchorLink(this.sessionId, entry);
    } catch (e) {
      // The chain has it; recovery anchors every link the database missed.
      this.opts.log.error({ err: e, seq: entry.seq }, 'could not anchor a chain link in the outbox');
    }
    return entry;
  }

  private announce(track: string, file: string, h: FileHash): void {
    try {
      this.opts.catalog.announceFile({ sessionId: this.sessionId, track, file: `${this.relDir}/${file}`, sha256: h.sha256, bytes: h.bytes });
    } catch (e) {
      // The chain has it; recovery re-announces anything the database missed.
      this.opts.log.error({ err: e, file }, 'could not announce a closed file to the outbox');
    }
    this.opts.log.info({ sessionId: this.sessionId, file, sha256: h.sha256, bytes: h.bytes }, 'recording file closed');
  }
}
