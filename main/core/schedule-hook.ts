import type { CoreDeps } from '../runtime/core-deps';
import { createProtocolStore } from '../protocol/module';
import { importSchedule } from '../protocol/schedule-import';
import type { ProtocolStore } from '../protocol/store';

/** Central's schedule feed goes through the protocol store's own import (the one the CLI and UI use). */
export function protocolScheduleImport(deps: Pick<CoreDeps, 'db' | 'settings' | 'events'>): (doc: unknown) => void {
  let store: ProtocolStore | undefined;
  return (doc) => {
    store ??= createProtocolStore(deps);
    importSchedule(store, doc, { author: 'central', lang: deps.settings.get().language });
  };
}

/** The same, into a store the core already holds. */
export function scheduleImportInto(store: ProtocolStore, deps: Pick<CoreDeps, 'settings'>): (doc: unknown) => void {
  return (doc) => {
    importSchedule(store, doc, { author: 'central', lang: deps.settings.get().language });
  };
}
