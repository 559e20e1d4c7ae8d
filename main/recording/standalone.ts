import { EventBus } from '../runtime/event-bus';
import { openStationDatabase } from '../core/station-schema';
import { type Db } from '../db/database';
import { createLogger, type Logger } from '../log/logger';
import { openConfSettings, type SettingsStore } from '../settings/settings-store';
import { ensureDataDir } from '../cli/context';

/**
 * What the recording CLI commands need, without the rest of the core (no sync worker, no
 * protocol store): a `hattama record` on a station is just the recorder and its outbox rows.
 */
export interface RecordingContext {
  dataDir: string;
  db: Db;
  log: Logger;
  events: EventBus;
  settings: SettingsStore;
  close(): void;
}

export async function openRecordingContext(dataDir: string): Promise<RecordingContext> {
  const dir = ensureDataDir(dataDir);
  const settings = await openConfSettings(dir);
  const { log } = createLogger(dir, { sync: true, name: 'hattama-record' });
  const db = openStationDatabase(dir);
  return { dataDir: dir, db, log, events: new EventBus(), settings, close: () => db.close() };
}
