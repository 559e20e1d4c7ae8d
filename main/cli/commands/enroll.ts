import type { Command } from 'commander';
import path from 'node:path';
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
    .requiredOption('--central <url>', 'central system address, e.g. https://central.court.kz:7480/ (http:// only to this machine)')
    .requiredOption('--code <code>', "one-time code from 'hattama central code'")
    .option('--ca <file>', "the court's private CA (PEM) that central's certificate is signed by; saved as settings central.caFile")
    .action(async (o: { data: string; central: string; code: string; ca?: string }) => {
      // Resolved here: the core that reads it may run in another directory.
      const input = { centralUrl: o.central, code: o.code, ...(o.ca ? { caFile: path.resolve(o.ca) } : {}) };
      const creds = await withStation(o.data, (station) => station.call('sync.enroll', input));
      process.stdout.write(`enrolled ${creds.stationId} with ${creds.centralUrl} (court "${creds.court}", courtroom "${creds.courtroom}")\n`);
    });
}
