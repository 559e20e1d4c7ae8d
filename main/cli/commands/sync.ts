import type { Command } from 'commander';
import type { SyncState } from '../../../common/contract/sync';
import { normaliseUrl } from '../../sync/enrollment';
import { dataOption } from '../context';
import { actingPinFileOption } from '../identity';
import { connectStation } from '../station-client';

// `hattama sync`: the station's own sync worker, asked through its core (the running one, or
// one started for the command): never a second worker beside the station's.
// --once: one full pass, printed as JSON, exit 1 if it failed.

const report = (s: SyncState) => ({ queueLength: s.queueLength, segmentsPending: s.segmentsPending, bytesPending: s.bytesPending, lastSuccessAt: s.lastSuccessAt, online: s.online });

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('sync this station with the central system (outbox, segments, heartbeat, feeds)')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .option('--central <url>', 'central system address (saved as settings.centralUrl; default: the one saved)')
    .option('--once', 'one full pass, then exit (1 if central could not be reached)')
    .action(async (o: { data: string; central?: string; once?: boolean }) => {
      const station = await connectStation(o.data);
      try {
        if (o.central) {
          const url = normaliseUrl(o.central);
          if ((await station.call('settings.get', {})).centralUrl !== url) await station.call('settings.update', { patch: { centralUrl: url } });
        }
        if (o.once) {
          const s = await station.call('sync.runOnce', {});
          process.stdout.write(`${JSON.stringify({ ok: true, ...report(s) })}\n`);
          return;
        }
        const s = await station.call('sync.now', {});
        if (station.remote) {
          // The running station syncs by itself; this was a nudge.
          process.stdout.write(`${JSON.stringify({ ok: true, running: s.running, ...report(s) })}\n`);
          return;
        }
        process.stdout.write(`syncing ${s.stationId} with ${s.centralUrl} (Ctrl-C to stop)\n`);
        const tick = setInterval(() => {
          void station.call('sync.state', {}).then((st) => process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...report(st) })}\n`));
        }, 30_000);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        clearInterval(tick);
      } finally {
        await station.close();
      }
    });
}
