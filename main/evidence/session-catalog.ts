import type { Db } from '../db/database';
import { enqueue } from '../sync/outbox';
import type { ChainEntry } from './chain';
import { anchorLink, anchorSealed } from './chain-anchors';
import type { Manifest } from './manifest';

// The evidence's tables (main/evidence/evidence-schema.ts) and the only code that touches them.
// Other domains ask through these functions (review: the sessions of a hearing).
//
// A file row and its outbox row are written in one transaction and the row's key makes the
// announcement idempotent, so recovery can re-announce everything in a chain safely: central
// hears of every closed segment exactly once.

export interface FileAnnouncement {
  sessionId: string;
  track: string;
  /** Path relative to the data directory, with forward slashes. */
  file: string;
  sha256: string;
  bytes: number;
}

export interface SessionRecord {
  id: string;
  folder: string;
  caseRef: string | null;
  hearingId: string | null;
  startedAt: string;
  status: 'recording' | 'closed';
  closedAt?: string | null;
}

/** Announces a closed file to central once; returns false if it was announced before. */
export function announceFile(db: Db, a: FileAnnouncement): boolean {
  return db.transaction(() => {
    const exists = db.prepare('SELECT sha256 FROM recording_files WHERE session_id = ? AND file = ?').get(a.sessionId, a.file) as { sha256: string } | undefined;
    if (exists) return false;
    const seq = enqueue(db, 'segment', a.sessionId, { sessionId: a.sessionId, track: a.track, file: a.file, sha256: a.sha256, bytes: a.bytes });
    db.prepare('INSERT INTO recording_files (session_id, file, track, sha256, bytes, outbox_seq) VALUES (?, ?, ?, ?, ?, ?)').run(a.sessionId, a.file, a.track, a.sha256, a.bytes, seq);
    return true;
  })();
}

export class SessionCatalog {
  constructor(private readonly db: Db) {}

  /** A session opened (status recording) or closed; the first call creates its row. */
  record(s: SessionRecord): void {
    this.db
      .prepare(
        `INSERT INTO recording_sessions (id, folder, case_ref, hearing_id, started_at, closed_at, status) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, closed_at = excluded.closed_at`,
      )
      .run(s.id, s.folder, s.caseRef, s.hearingId, s.startedAt, s.closedAt ?? null, s.status);
  }

  announceFile(a: FileAnnouncement): boolean {
    return announceFile(this.db, a);
  }

  /** A chain link was appended: the database and central (outbox) learn of it once. */
  anchorLink(sessionId: string, e: ChainEntry): boolean {
    return anchorLink(this.db, sessionId, e);
  }

  /** The manifest was signed: central checks its signature against the enrolled key. */
  anchorSealed(sessionId: string, m: Manifest): void {
    anchorSealed(this.db, sessionId, m);
  }

  /** Sessions the database still thinks are recording (recovery reconciles them). */
  openSessionIds(): Set<string> {
    return new Set(this.db.prepare<[], { id: string }>("SELECT id FROM recording_sessions WHERE status = 'recording'").all().map((r) => r.id));
  }

  /** Sessions the recorder started for a hearing. */
  sessionIdsOfHearing(hearingId: string): string[] {
    return this.db.prepare<[string], { id: string }>('SELECT id FROM recording_sessions WHERE hearing_id = ? ORDER BY started_at').all(hearingId).map((r) => r.id);
  }
}
