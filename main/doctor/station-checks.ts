import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { stationMigrations } from '../core/station-schema';
import { missingTriggers } from '../db/protective-triggers';
import { isSessionLive, recordingsDir } from '../evidence/session-folder';
import { verifySession } from '../evidence/verify';
import { backlog } from '../sync/backlog';
import { check, formatAge, type DoctorCheck } from './doctor-check';

// The station's own records: the database's integrity check and its protective triggers (read
// only, beside a running core), verify of the last sessions, the signing key's protection at
// rest (by file existence only), and what still waits to go to central.

type Db = Database.Database;

export const DB_FILE = 'hattama.db';
export const SEALED_KEY = 'station-ed25519.key.sealed';
export const PLAIN_KEY = 'station-ed25519.key.pem';

/** The station's database opened read-only (no migration, no write), or null when there is none. */
export function openReadOnly(dataDir: string): Db | null {
  const file = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

export function databaseChecks(dataDir: string, db: Db | null): DoctorCheck[] {
  if (!db) return [check('dbIntegrity', 'fail', 'dbMissing', { file: path.join(dataDir, DB_FILE) })];
  const rows = db.prepare<[], { integrity_check: string }>('PRAGMA integrity_check').all().map((r) => r.integrity_check);
  const integrity = rows.length === 1 && rows[0] === 'ok' ? check('dbIntegrity', 'ok', 'dbOk') : check('dbIntegrity', 'fail', 'dbBad', { detail: rows.slice(0, 5).join('; ') });
  const missing = missingTriggers(db, stationMigrations);
  const count = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger'").get()!.n;
  const triggers = missing.length ? check('triggers', 'fail', 'triggersMissing', { names: missing.join(', ') }) : check('triggers', 'ok', 'triggersOk', { count });
  return [integrity, triggers];
}

/** Verify of the last `n` finished sessions (a session being recorded now is left alone). */
export function verifyCheck(dataDir: string, n = 5): DoctorCheck {
  const root = recordingsDir(dataDir);
  const ids = fs.existsSync(root) ? fs.readdirSync(root).filter((id) => fs.statSync(path.join(root, id)).isDirectory() && !isSessionLive(path.join(root, id))).sort().reverse().slice(0, n) : [];
  if (!ids.length) return check('verify', 'ok', 'verifyNone');
  const bad: string[] = [];
  const findings: string[] = [];
  for (const id of ids) {
    const r = verifySession(path.join(root, id));
    if (r.intact && !r.damaged) continue;
    bad.push(id);
    findings.push(...r.findings.filter((f) => f.severity === 'error').map((f) => `${id}: ${f.code}${f.file ? ` ${f.file}` : ''}`));
  }
  return bad.length ? check('verify', 'fail', 'verifyBad', { bad: bad.join(', '), findings: findings.slice(0, 10).join('; ') }) : check('verify', 'ok', 'verifyOk', { count: ids.length });
}

/** The private key at rest: sealed and no plain copy is right; a plain key beside the sealed one is a failure. */
export function stationKeyCheck(dataDir: string): DoctorCheck {
  const keys = path.join(dataDir, 'keys');
  const sealed = fs.existsSync(path.join(keys, SEALED_KEY));
  const plain = fs.existsSync(path.join(keys, PLAIN_KEY));
  if (sealed && !plain) return check('stationKey', 'ok', 'keySealed', { file: path.join(keys, SEALED_KEY) });
  if (sealed && plain) return check('stationKey', 'fail', 'keyPlainBeside', { file: path.join(keys, PLAIN_KEY) });
  if (plain) return check('stationKey', 'warn', 'keyPlainOnly', { file: path.join(keys, PLAIN_KEY) });
  return check('stationKey', 'warn', 'keyNone');
}

/** What waits for central, and for how long; pending more than a day is worth a warning. */
export function uploadsCheck(db: Db | null, now = Date.now()): DoctorCheck {
  if (!db) return check('uploads', 'ok', 'uploadsNone');
  const b = backlog(db);
  if (!b.queueLength && !b.segmentsPending) return check('uploads', 'ok', 'uploadsNone');
  const oldest = db
    .prepare<[], { at: string | null }>('SELECT min(created_at) AS at FROM outbox WHERE sent_at IS NULL OR seq IN (SELECT seq FROM sync_segments WHERE confirmed_at IS NULL)')
    .get()?.at;
  const age = oldest ? now - Date.parse(oldest) : 0;
  return check('uploads', age > 86_400_000 ? 'warn' : 'ok', 'uploadsPending', { events: b.queueLength, segments: b.segmentsPending, age: formatAge(age) });
}
