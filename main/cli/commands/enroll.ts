import type { Command } from 'commander';
import { ensureDataDir, dataOption } from '../context';
import { openConfSettings } from '../../settings/settings-store';
import { enrollStation, normaliseUrl } from '../../sync/enrollment';

export function registerEnroll(program: Command): void {
  program
    .command('enroll')
    .description('enroll this station with the central system using a one-time code')
    .addOption(dataOption())
    .requiredOption('--central <url>', 'central system address, e.g. http://central:7480/')
    .requiredOption('--code <code>', "one-time code from 'hattama central code'")
    .action(async (o: { data: string; central: string; code: string }) => {
      const dir = ensureDataDir(o.data);
      const settings = await openConfSettings(dir);
      const s = settings.get();
      const creds = await enrollStation({ dataDir: dir, centralUrl: o.central, code: o.code, stationId: s.stationId, court: s.court, courtroom: s.courtroom });
      settings.update({ centralUrl: normaliseUrl(o.central), ...(creds.court ? { court: creds.court } : {}), ...(creds.courtroom ? { courtroom: creds.courtroom } : {}) });
      process.stdout.write(`enrolled ${creds.stationId} with ${creds.centralUrl} (court "${creds.court}", courtroom "${creds.courtroom}")\n`);
    });
}
