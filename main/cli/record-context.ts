import { EventBus } from '../runtime/event-bus';
import { lockDataDir } from '../core/data-dir-lock';
import { openStationDatabase } from '../core/station-schema';
import { type Db } from '../db/database';
import { SessionCatalog } from '../evidence/session-catalog';
import { SessionHost } from '../evidence/session-host';
import { createLogger, type Logger } from '../log/logger';
import { openConfSettings, type SettingsStore } from '../settings/settings-store';
import { ensureDataDir } from './context';
import { headlessKeyEncryption, stationKeyring } from '../keys/key-protection';

/**
 * What the recording CLI commands need, without the rest of the core (no sync worker, no
 * protocol store): a `hattama record` on a station is just the recorder, the evidence store's
 * session host and its outbox rows. It lives in the CLI door because it opens the station's
 * database with every domain's migrations (main/core), which a domain may not import.
 */
export interface RecordingContext {
  dataDir: string;
  db: Db;
  log: Logger;
  events: EventBus;
  settings: SettingsStore;
  sessions: SessionHost;
  close(): void;
}

/** Holds the data directory's lock like a core: while a station runs on it, `record` and `recover` are refused (the station records and recovers itself). */
export async function openRecordingContext(dataDir: string): Promise<RecordingContext> {
  const dir = ensureDataDir(dataDir);
  const lock = lockDataDir(dir);
  try {
    const settings = await openConfSettings(dir);
    const { log } = createLogger(dir, { sync: true, name: 'hattama-record' });
    const db = openStationDatabase(dir);
    const sessions = new SessionHost({ dataDir: dir, catalog: new SessionCatalog(db), log, stationKey: stationKeyring(dir, () => headlessKeyEncryption(settings.get().keys.passphraseFile)) });
    return {
      dataDir: dir,
      db,
      log,
      events: new EventBus(),
      settings,
      sessions,
      close: () => {
        db.close();
        lock.release();
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}
