import type { Command } from 'commander';
import { HattamaError } from '../../../common/errors';
import { dataOption } from '../context';
import { actingPinFileOption } from '../identity';
import { withStation } from '../station-client';

// `hattama audit`: who did what on this station, in which role, through which door (a judge's or
// an administrator's reading: `--as` one of them).
export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('the access audit: who did what, in which role, through which door, and whether it was allowed')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .option('--hearing <id>', 'only what concerned this hearing')
    .option('--limit <n>', 'at most this many rows', '1000')
    .option('--json', 'print JSON')
    .action(async (o: { data: string; hearing?: string; limit: string; json?: boolean }) => {
      if (o.hearing !== undefined && !/^\d+$/.test(o.hearing)) throw new HattamaError('app.badArgument', { detail: `--hearing ${o.hearing}` });
      const rows = await withStation(o.data, (s) => s.call('audit.list', { ...(o.hearing ? { hearingId: Number(o.hearing) } : {}), limit: Number(o.limit) }));
      if (o.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      for (const r of rows) {
        const what = Object.entries(r.target).filter(([k]) => k !== 'hearingId').map(([k, v]) => `${k}=${v}`).join(' ');
        process.stdout.write(`${r.at}\t${r.personName ?? '-'}\t${r.role ?? '-'}\t${r.door}\t${r.call}\t${r.hearingId ?? '-'}\t${what}\t${r.outcome}\n`);
      }
    });
}
