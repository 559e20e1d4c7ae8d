import fs from 'node:fs';
import { HattamaError } from '../../common/errors';
import type { StationKey } from '../keys/station-key';
import type { Logger } from '../log/logger';
import type { SessionInfo, TrackInfo } from './chain';
import { OpenSession } from './open-session';
import type { SessionCatalog } from './session-catalog';
import { liveSessions, recordingsDir } from './session-folder';

// Where the capture domains meet: the audio recorder opens a session here, and other tracks
// (video) learn of it here and attach to it. One session at a time per data directory.

export interface HostDeps {
  dataDir: string;
  catalog: SessionCatalog;
  log: Logger;
  /** The station's signing key (main/keys/key-protection.ts): throws when it cannot be unsealed. */
  stationKey: () => StationKey;
}

/** The session entry's fields, and what is declared with it. */
export type OpenInput = Omit<SessionInfo, 'format' | 'sessionId'> & {
  /** Declared with the session (the audio track). */
  tracks: TrackInfo[];
  onError: (e: unknown) => void;
};

export class SessionHost {
  private current: OpenSession | null = null;
  private readonly listeners = new Set<(s: OpenSession) => void>();

  constructor(private readonly deps: HostDeps) {}

  /** The station's signing key, created on first use. */
  stationKey(): StationKey {
    return this.deps.stationKey();
  }

  /** The session being recorded; null when there is none or it is closing. */
  get active(): OpenSession | null {
    return this.current && !this.current.finishing ? this.current : null;
  }

  /**
   * The recordings folder can take a new session: writable (else `app.dataDirUnwritable`), and
   * no other process records into it. Returns the id of a live session, or null.
   */
  prepare(): string | null {
    const root = recordingsDir(this.deps.dataDir);
    try {
      fs.mkdirSync(root, { recursive: true });
      fs.accessSync(root, fs.constants.W_OK);
    } catch (e) {
      throw new HattamaError('app.dataDirUnwritable', { path: root }, undefined, { cause: e });
    }
    this.stationKey(); // generated on first run, and unsealed, before anything is recorded: no recording that could not be signed
    return liveSessions(this.deps.dataDir)[0] ?? null;
  }

  /** Opens the session folder and its chain; every listener (video) hears of it. */
  open(sessionId: string, input: OpenInput): OpenSession {
    const { tracks, onError, ...info } = input;
    const session = new OpenSession({ dataDir: this.deps.dataDir, sessionId, session: info, tracks, catalog: this.deps.catalog, key: () => this.stationKey(), log: this.deps.log, onError });
    this.deps.catalog.record({ id: sessionId, folder: session.relDir, caseRef: info.caseRef, hearingId: info.hearingId, startedAt: info.createdAt, status: 'recording' });
    this.current = session;
    for (const l of this.listeners) {
      try {
        l(session);
      } catch (e) {
        this.deps.log.error({ err: e, sessionId }, 'a track could not join the session');
      }
    }
    return session;
  }

  /** The session is sealed or abandoned: the host is free for the next one. */
  release(session: OpenSession): void {
    if (this.current === session) this.current = null;
  }

  /** Calls `fn` for every session opened from now on. */
  onOpen(fn: (s: OpenSession) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
