import type { Command } from 'commander';
import { HattamaError } from '../../../common/errors';
import { dataOption } from '../context';
import { actingPinFileOption } from '../identity';
import { withStation } from '../station-client';

// `hattama protocol cancel`: a hearing created or opened by mistake, cancelled with a reason by
// the person signed in for the command (as in the UI: the core checks the role, keeps the
// hearing and its recording, and refuses once signing began).

export function registerProtocolCancel(protocol: Command): void {
  protocol
    .command('cancel')
    .description('cancel a hearing created or opened by mistake, with a reason (kept, final; stops its recording)')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .requiredOption('--hearing <id>', 'hearing id')
    .requiredOption('--reason <text>', 'why it is cancelled (kept with the hearing and in the audit)')
    .option('--json', 'print the hearing as JSON')
    .action(async (o: { data: string; hearing: string; reason: string; json?: boolean }) => {
      if (!/^\d+$/.test(o.hearing) || Number(o.hearing) <= 0) throw new HattamaError('app.badArgument', { detail: `--hearing ${o.hearing}` });
      const h = await withStation(o.data, (station) => station.call('protocol.cancelHearing', { hearingId: Number(o.hearing), reason: o.reason }));
      process.stdout.write(o.json ? `${JSON.stringify(h)}\n` : `${h.id}\t${h.caseNumber}\tcancelled ${h.cancelled?.at ?? ''} ${h.cancelled?.by ?? ''}\n`);
    });
}
