import type { Settings } from '../../common/settings';
import type { Db } from '../db/database';
import { backlog } from '../sync/backlog';
import { CentralClient } from '../sync/client';
import { credentialsFor } from '../sync/enrollment';
import { buildHeartbeat } from '../sync/heartbeat';
import { readCa } from '../sync/tls-trust';

// The station's clock against central's: one heartbeat (the beat the sync worker sends every
// 30 s anyway), whose answer carries central's clock. offset = station − central, taken at the
// middle of the round trip, so it is exact to half the round trip. Null when the station has no
// central, is not enrolled there, or central does not answer.

export interface ClockProbe {
  dataDir: string;
  db: Db;
  settings: Settings;
  version: string;
  diskHoursLeft: number | null;
  timeoutMs?: number;
}

export interface ClockOffset {
  offsetMs: number;
  roundTripMs: number;
}

export async function measureClockOffset(p: ClockProbe): Promise<ClockOffset | null> {
  const creds = p.settings.centralUrl ? credentialsFor(p.dataDir, p.settings.centralUrl) : null;
  if (!creds) return null;
  try {
    const client = new CentralClient(creds.centralUrl, creds.token, p.timeoutMs ?? 5000, readCa(p.settings.central.caFile));
    const t0 = Date.now();
    // Sent only when nothing records (the room test and doctor do not run during a recording).
    const beat = buildHeartbeat({ recording: false, hearingId: null, alarms: [], diskHoursLeft: p.diskHoursLeft }, backlog(p.db), p.version, t0);
    const { serverTime } = await client.heartbeat(beat);
    const t1 = Date.now();
    return { offsetMs: Math.round((t0 + t1) / 2 - serverTime), roundTripMs: t1 - t0 };
  } catch {
    return null;
  }
}
