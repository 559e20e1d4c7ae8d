import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openStationDatabase } from '../../main/core/station-schema';
import { type Db } from '../../main/db/database';
import { createLogger } from '../../main/log/logger';
import { EventBus } from '../../main/runtime/event-bus';
import { createProtocolStore } from '../../main/protocol/module';
import { announceFile } from '../../main/evidence/session-catalog';
import { openConfSettings, type SettingsStore } from '../../main/settings/settings-store';
import { enrollStation, type Credentials } from '../../main/sync/enrollment';
import { createSyncWorker, type SyncWorkerSetup } from '../../main/sync/create-worker';
import type { SyncWorker, WorkerTuning } from '../../main/sync/worker';
import { tempDir } from './tools';
import { testStationKey } from './key-passphrase';

// A station's data directory for sync tests: the real protocol store and the recording
// module's announceFile write the outbox, exactly as in production.

export interface TestStation {
  dir: string;
  db: Db;
  settings: SettingsStore;
  events: EventBus;
  close(): void;
}

export async function makeStation(opts: { court?: string; courtroom?: string } = {}): Promise<TestStation> {
  const dir = tempDir('hattama-station-');
  const settings = await openConfSettings(dir);
  settings.update({ court: opts.court ?? 'Esil district court', courtroom: opts.courtroom ?? 'Room 1' });
  const db = openStationDatabase(dir);
  return { dir, db, settings, events: new EventBus(), close: () => db.close() };
}

export async function enroll(st: TestStation, centralUrl: string, code: string): Promise<Credentials> {
  const s = st.settings.get();
  return enrollStation({ dataDir: st.dir, key: testStationKey(st.dir), centralUrl, code, stationId: s.stationId, court: s.court, courtroom: s.courtroom });
}

/** Protocol activity through the real store until the outbox holds at least `n` new events. */
export function writeProtocol(st: TestStation, n: number): { hearingId: number } {
  const store = createProtocolStore(st);
  const start = outboxCount(st.db);
  const h = store.createHearing({ caseNumber: `2-${1000 + Math.floor(Math.random() * 8999)}/2026`, source: 'adhoc', author: 'test' });
  let i = 0;
  while (outboxCount(st.db) - start < n) {
    store.logEntry({ hearingId: h.id, kind: 'note', text: `Note ${i++}: the witness said ${randomBytes(6).toString('hex')}`, author: 'secretary' });
  }
  return { hearingId: h.id };
}

export function outboxCount(db: Db): number {
  return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox').get()!.n;
}

/** A closed "WAV" segment: header + random PCM, announced by the recording module. */
export function writeSegment(st: TestStation, sessionId: string, index: number, bytes: number): { file: string; sha256: string; bytes: number } {
  const rel = `recordings/${sessionId}/audio-${String(index).padStart(4, '0')}.wav`;
  const abs = path.join(st.dir, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const header = Buffer.from('RIFF\0\0\0\0WAVEfmt ');
  const body = randomBytes(Math.max(0, bytes - header.length));
  const data = Buffer.concat([header, body]).subarray(0, bytes);
  fs.writeFileSync(abs, data);
  const sha256 = createHash('sha256').update(data).digest('hex');
  announceFile(st.db, { sessionId, track: 'audio', file: rel, sha256, bytes });
  return { file: rel, sha256, bytes };
}

export function fileSha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The worker exactly as production builds it, with short back-offs; nothing records unless told. */
export function makeWorker(st: TestStation, creds: Credentials, tuning: Partial<WorkerTuning> = {}, over: Partial<SyncWorkerSetup> = {}): SyncWorker {
  const { log } = createLogger(st.dir, { sync: true });
  return createSyncWorker({
    db: st.db,
    dataDir: st.dir,
    settings: st.settings,
    creds,
    version: '0.0.0-test',
    recordingState: () => ({ recording: false, hearingId: null, alarms: [] }),
    log,
    tuning: { backoffBaseMs: 20, backoffMaxMs: 300, pollMs: 50, ...tuning },
    ...over,
  });
}

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 60_000, everyMs = 50): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
