import type { Command } from 'commander';
import { dataOption } from '../context';
import { actingPinFileOption } from '../identity';
import { withStation } from '../station-client';

// `hattama enroll`: the station's `sync.enroll` call, from a script (the technician's panel makes the same call).
export function registerEnroll(program: Command): void {
  program
    .command('enroll')
    .description('enroll this station with the central system using a one-time code')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .requiredOption('--central <url>', 'central system address, e.g. http://central:7480/')
    .requiredOption('--code <code>', "one-time code from 'hattama central code'")
    .action(async (o: { data: string; central: string; code: string }) => {
      const creds = await withStation(o.data, (station) => station.call('sync.enroll', { centralUrl: o.central, code: o.code }));
      process.stdout.write(`enrolled ${creds.stationId} with ${creds.centralUrl} (court "${creds.court}", courtroom "${creds.courtroom}")\n`);
    });
}
