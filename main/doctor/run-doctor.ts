import type { Settings } from '../../common/settings';
import { VERSION } from '../core/app-module';
import { centralCheck, clockCheck } from './central-checks';
import type { DoctorCheck } from './doctor-check';
import { databaseChecks, openReadOnly, stationKeyCheck, uploadsCheck, verifyCheck } from './station-checks';
import { audioDeviceCheck, diskCheck, toolChecks } from './system-checks';

// `hattama doctor`: every check, in the order a technician goes through them. It opens nothing for
// writing and takes no lock, so it runs beside a working core, and on a station whose core refuses
// to start (a dropped trigger is exactly what it must be able to name).

export interface DoctorReport {
  ok: boolean;
  at: string;
  version: string;
  coreRunning: boolean;
  checks: DoctorCheck[];
}

/** `coreRunning`: a core answers on the folder's control socket (the door that asks knows). */
export async function runDoctor(dataDir: string, settings: Settings, coreRunning: boolean): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [...toolChecks(), await audioDeviceCheck(settings, coreRunning), diskCheck(dataDir, settings)];
  let db: ReturnType<typeof openReadOnly> = null;
  try {
    db = openReadOnly(dataDir);
    checks.push(...databaseChecks(dataDir, db), verifyCheck(dataDir));
    checks.push(await clockCheck({ dataDir, db, settings, version: VERSION, coreRunning }));
    checks.push(await centralCheck(settings), stationKeyCheck(dataDir), uploadsCheck(db));
  } finally {
    db?.close();
  }
  return { ok: checks.every((c) => c.status !== 'fail'), at: new Date().toISOString(), version: VERSION, coreRunning, checks };
}
