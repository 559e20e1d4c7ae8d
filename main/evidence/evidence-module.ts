import type { StationKey } from '../keys/station-key';
import type { CoreDeps } from '../runtime/core-deps';
import { keepReceipts } from './anchor-receipts';
import { centralLinksOf } from './central-anchor';
import { recoverAll } from './recovery/recover-all';
import { SessionCatalog } from './session-catalog';
import { SessionHost } from './session-host';

/** The evidence store of the core: the session host the capture domains meet at, and the catalog others query. */
export interface Evidence {
  host: SessionHost;
  catalog: SessionCatalog;
}

/**
 * Opens the store. Sessions left unfinished by a crash or a power cut are closed first, before
 * anything new is recorded.
 */
export async function evidenceModule(deps: CoreDeps, stationKey: () => StationKey): Promise<Evidence> {
  const catalog = new SessionCatalog(deps.db);
  const host = new SessionHost({ dataDir: deps.dataDir, catalog, log: deps.log, stationKey });
  try {
    const centralLinks = (id: string) => centralLinksOf(deps.dataDir, deps.settings.get().central.caFile, id);
    const { recovered, problems, damaged } = await recoverAll({ dataDir: deps.dataDir, db: deps.db, log: deps.log, key: () => host.stationKey(), centralLinks });
    // A damaged session stays an alarm at every start until someone deals with it (central was told once).
    for (const d of damaged) {
      deps.events.emit('recording.alarm', { kind: 'sessionDamaged', channel: null, role: null, code: 'recording:alarms.sessionDamaged', params: { sessionId: d.sessionId, firstBad: d.firstBad, expected: d.expectedLength, disk: d.diskLength }, active: true, at: Date.now(), sessionId: d.sessionId });
    }
    for (const r of recovered) deps.log.warn({ sessionId: r.sessionId, gapMs: r.gapMs, repaired: r.repaired }, 'recovered an unfinished recording at start');
    for (const p of problems) deps.log.error(p, 'could not recover a recording session');
  } catch (e) {
    deps.log.error({ err: e }, 'recording recovery at start failed');
  }
  // Central's receipts for the anchored chains are fetched in the background (main/evidence/anchor-receipts.ts).
  keepReceipts(deps.dataDir, deps.db, deps.log);
  return { host, catalog };
}
