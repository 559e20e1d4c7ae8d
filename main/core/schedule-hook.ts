import type { CoreDeps } from '../runtime/core-deps';
import { importSchedule } from '../protocol/schedule-import';
import type { ProtocolStore } from '../protocol/store';

/** Central's schedule feed goes through the protocol store's own import (the one the CLI and UI use). */
export function scheduleImportInto(store: ProtocolStore, deps: Pick<CoreDeps, 'settings'>): (doc: unknown) => void {
  return (doc) => {
    importSchedule(store, doc, { author: 'central', lang: deps.settings.get().language });
  };
}
