import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Alarm } from '../../common/contract/recording';
import type { Capture } from '../../main/recording/capture';
import { EventBus } from '../../main/runtime/event-bus';
import { openStationDatabase } from '../../main/core/station-schema';
import { type Db } from '../../main/db/database';
import { createLogger } from '../../main/log/logger';
import { SessionCatalog } from '../../main/evidence/session-catalog';
import { SessionHost } from '../../main/evidence/session-host';
import { RecordingService, type ServiceTuning } from '../../main/recording/recording-service';
import { openConfSettings, type SettingsStore } from '../../main/settings/settings-store';
import { auditEvents } from './contract-events';
import { sleep } from './pulse';
import { tempDir } from './tools';
import { testStationKey } from './key-passphrase';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'hattama.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `hattama ARGS` as a separate process (real CLI, real exit code). */
export function runCli(args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  const p = spawnCli(args, opts.env);
  return collect(p, opts.timeoutMs ?? 90_000);
}

export function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, PULSE_LATENCY_MSEC: '20', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function collect(p: ChildProcess, timeoutMs: number): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  p.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
  p.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) => {
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface ServiceHarness {
  dir: string;
  db: Db;
  events: EventBus;
  settings: SettingsStore;
  service: RecordingService;
  close(): Promise<void>;
}

/** The recorder in-process on a fresh data directory. */
export async function openService(tuning: Partial<ServiceTuning> = {}, dir = tempDir('hattama-rec-')): Promise<ServiceHarness> {
  const settings = await openConfSettings(dir);
  const { log } = createLogger(dir, { sync: true });
  const db = openStationDatabase(dir);
  const events = new EventBus();
  const audit = auditEvents(events);
  const sessions = new SessionHost({ dataDir: dir, catalog: new SessionCatalog(db), log, stationKey: () => testStationKey(dir) });
  const service = new RecordingService({ dataDir: dir, log, events, settings, sessions }, tuning);
  return {
    dir,
    db,
    events,
    settings,
    service,
    async close() {
      await service.close();
      db.close();
      audit.stop();
      // Every recording.state, .levels and .alarm the recorder emitted must match the contract.
      if (audit.bad.length) throw new Error(`events outside the contract: ${audit.bad.slice(0, 5).join('; ')}`);
    },
  };
}

/**
 * Records two channels for a second, then sends the capture tool `signal` (SIGKILL: it dies;
 * SIGSTOP: it stalls), and waits up to 5 s for the service to say the capture is back.
 */
export async function signalCaptureWhileRecording(signal: NodeJS.Signals): Promise<{ h: ServiceHarness; alarms: Alarm[]; victim: Capture; signalledAt: number }> {
  const h = await openService();
  const alarms: Alarm[] = [];
  h.events.on('recording.alarm', (a) => alarms.push(a));
  await h.service.start({}, { channels: 2 });
  await sleep(1000);
  const victim = h.service.currentCapture!;
  const signalledAt = Date.now();
  process.kill(victim.pid!, signal);
  while (!alarms.some((a) => a.kind === 'captureRestarted') && Date.now() - signalledAt < 5000) await sleep(20);
  return { h, alarms, victim, signalledAt };
}
