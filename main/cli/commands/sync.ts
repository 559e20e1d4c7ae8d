import type { Command } from 'commander';
import { HattamaError } from '../../../common/errors';
import { VERSION } from '../../core/app-module';
import { EventBus } from '../../runtime/event-bus';
import { openStationDatabase } from '../../core/station-schema';
import { createLogger } from '../../log/logger';
import { openConfSettings } from '../../settings/settings-store';
import { credentialsFor, normaliseUrl } from '../../sync/enrollment';
import { liveSessions } from '../../evidence/session-folder';
import { createSyncWorker } from '../../sync/create-worker';
import { protocolScheduleImport } from '../../core/schedule-hook';
import { dataOption, ensureDataDir } from '../context';

// `hattama sync`: the sync worker without the rest of the core (a headless station, a
// technician draining a backlog by hand, tests). --once: one full pass, exit 1 if it failed.

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('sync this station with the central system (outbox, segments, heartbeat, feeds)')
    .addOption(dataOption())
    .option('--central <url>', 'central system address (default: settings.centralUrl)')
    .option('--once', 'one full pass, then exit (1 if central could not be reached)')
    .action(async (o: { data: string; central?: string; once?: boolean }) => {
      const dir = ensureDataDir(o.data);
      const settings = await openConfSettings(dir);
      const url = o.central ?? settings.get().centralUrl;
      if (!url) throw new HattamaError('sync.noCentralUrl');
      const creds = credentialsFor(dir, normaliseUrl(url));
      if (!creds) throw new HattamaError('sync.notEnrolled');
      const { log } = createLogger(dir, { sync: true });
      const db = openStationDatabase(dir);
      // Without a core there is no event bus to observe: a recorder of any process holds a live
      // session folder. Which hearing it records is not known here, so the heartbeat says none.
      const worker = createSyncWorker({
        db,
        dataDir: dir,
        settings,
        creds,
        version: VERSION,
        recordingState: () => ({ recording: liveSessions(dir).length > 0, hearingId: null, alarms: [] }),
        importSchedule: protocolScheduleImport({ db, settings, events: new EventBus() }),
        log,
      });
      const report = () => {
        const s = worker.state();
        return { queueLength: s.queueLength, segmentsPending: s.segmentsPending, bytesPending: s.bytesPending, lastSuccessAt: s.lastSuccessAt, stats: worker.stats };
      };
      if (o.once) {
        try {
          await worker.runOnce();
          process.stdout.write(`${JSON.stringify({ ok: true, ...report() })}\n`);
        } finally {
          db.close();
        }
        return;
      }
      process.stdout.write(`syncing ${creds.stationId} with ${creds.centralUrl} (Ctrl-C to stop)\n`);
      worker.start();
      const tick = setInterval(() => process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), online: worker.state().online, ...report() })}\n`), 30_000);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      clearInterval(tick);
      await worker.stop();
      db.close();
    });
}
