import type { Db } from '../db/database';
import { enqueue } from '../sync/outbox';

// What the database knows of recordings: sessions, and each file announced to central. The
// file row and its outbox row are written in one transaction and the row's key makes the
// announcement idempotent, so recovery can re-announce everything in a chain safely: central
// hears of every closed segment exactly once.
export const recordingMigrations = [
  `CREATE TABLE recording_sessions (
     id TEXT PRIMARY KEY,
     folder TEXT NOT NULL,
     case_ref TEXT,
     hearing_id TEXT,
     started_at TEXT NOT NULL,
     closed_at TEXT,
     status TEXT NOT NULL
   );
   CREATE TABLE recording_files (
     session_id TEXT NOT NULL,
     file TEXT NOT NULL,
     track TEXT NOT NULL,
     sha256 TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     outbox_seq INTEGER NOT NULL,
     PRIMARY KEY (session_id, file)
   );`,
];

export interface FileAnnouncement {
  sessionId: string;
  track: string;
  /** Path relative to the data directory, with forward slashes. */
  file: string;
  sha256: string;
  bytes: number;
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

export function upsertSession(db: Db, s: { id: string; folder: string; caseRef: string | null; hearingId: string | null; startedAt: string; status: string; closedAt?: string | null }): void {
  db.prepare(
    `INSERT INTO recording_sessions (id, folder, case_ref, hearing_id, started_at, closed_at, status) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET status = excluded.status, closed_at = excluded.closed_at`,
  ).run(s.id, s.folder, s.caseRef, s.hearingId, s.startedAt, s.closedAt ?? null, s.status);
}
