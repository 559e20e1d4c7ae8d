import type { CallName } from '../../common/contract/index';
import type { Db } from '../db/database';
import type { Logger } from '../log/logger';
import type { SettingsStore } from '../settings/settings-store';
import type { Handlers } from './handlers';
import type { EventBus } from './event-bus';

/** What every domain of the core is given. */
export interface CoreDeps {
  dataDir: string;
  db: Db;
  settings: SettingsStore;
  events: EventBus;
  log: Logger;
}

/** A domain of the core: the contract calls it answers, and how it shuts down. */
export interface CoreModule<K extends CallName> {
  handlers: Pick<Handlers, K>;
  close?(): Promise<void> | void;
}
