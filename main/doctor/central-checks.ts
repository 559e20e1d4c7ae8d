import { fetch } from 'undici';
import type { Settings } from '../../common/settings';
import type { Db } from '../db/database';
import { measureClockOffset } from '../roomcheck/clock-offset';
import { recentRoomTests } from '../roomcheck/room-test-store';
import { ROOM_TEST } from '../roomcheck/thresholds';
import { dispatcherFor, readCa, untrustedCertificate } from '../sync/tls-trust';
import { check, type DoctorCheck } from './doctor-check';

// Central from the station: its TLS certificate against the court's CA (or the system's), and the
// clock offset. With a core running, the doctor sends no heartbeat of its own (the core's worker
// speaks for the station) and shows the offset the last room test measured.

const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])$/;

export async function centralCheck(s: Settings, timeoutMs = 5000): Promise<DoctorCheck> {
  if (!s.centralUrl) return check('central', 'warn', 'noCentral');
  const url = new URL(s.centralUrl);
  const plain = url.protocol === 'http:';
  try {
    const res = await fetch(new URL('healthz', s.centralUrl.endsWith('/') ? s.centralUrl : `${s.centralUrl}/`), { dispatcher: dispatcherFor(readCa(s.central.caFile)), signal: AbortSignal.timeout(timeoutMs) });
    await res.text();
    if (plain) return check('central', LOOPBACK.test(url.hostname) ? 'warn' : 'fail', 'centralPlain', { url: s.centralUrl });
    return check('central', 'ok', 'centralOk', { url: s.centralUrl });
  } catch (e) {
    const tls = untrustedCertificate(e);
    if (tls) return check('central', 'fail', 'centralUntrusted', { url: s.centralUrl, detail: tls });
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    // Offline is how a station may well run: it records locally and sends later.
    return check('central', 'warn', 'centralUnreachable', { url: s.centralUrl, detail: cause?.code ?? cause?.message ?? (e as Error).message });
  }
}

export async function clockCheck(o: { dataDir: string; db: Db | null; settings: Settings; version: string; coreRunning: boolean }): Promise<DoctorCheck> {
  if (!o.settings.centralUrl) return check('clock', 'warn', 'noCentral');
  const judge = (ms: number) => (Math.abs(ms) > ROOM_TEST.maxClockOffsetMs ? 'fail' : 'ok');
  if (o.coreRunning || !o.db) {
    const last = recentRoomTests(o.dataDir, 1)[0];
    if (last?.clockOffsetMs != null) return check('clock', judge(last.clockOffsetMs), 'clockFromTest', { ms: last.clockOffsetMs, at: last.at });
    return check('clock', 'warn', 'clockUnknown');
  }
  const m = await measureClockOffset({ dataDir: o.dataDir, db: o.db, settings: o.settings, version: o.version, diskHoursLeft: null });
  return m ? check('clock', judge(m.offsetMs), 'clockMs', { ms: m.offsetMs }) : check('clock', 'warn', 'clockUnknown');
}
