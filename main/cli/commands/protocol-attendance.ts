import { Option, type Command } from 'commander';
import { HattamaError } from '../../../common/errors';
import { ATTENDANCE } from '../../../common/protocol/kinds';
import { dataOption } from '../context';
import { actingPinFileOption } from '../identity';
import { parseInput } from '../parse-input';
import { withStation } from '../station-client';

// `hattama protocol attendance`: marks a roster line present, absent or remote, a remote one with
// the video-conference program it takes part through, as the console's roster does. The contract
// refuses a program with any other attendance, here in the CLI's language and again in the core.

export function registerProtocolAttendance(protocol: Command): void {
  protocol
    .command('attendance')
    .description('mark a participant present, absent or remote (a remote one by video-conference, with --app naming the program)')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .requiredOption('--participant <id>', 'participant id (see `hattama protocol list --hearing ID`)')
    .addOption(new Option('--attendance <attendance>', 'attendance').choices([...ATTENDANCE]).makeOptionMandatory())
    .option('--app <name>', 'with --attendance remote: the video-conference program, e.g. TrueConf (at most 60 characters)')
    .option('--json', 'print the participant as JSON')
    .action(async (o: { data: string; participant: string; attendance: string; app?: string; json?: boolean }, cmd: Command) => {
      if (!/^\d+$/.test(o.participant) || Number(o.participant) <= 0) throw new HattamaError('app.badArgument', { detail: `--participant ${o.participant}` });
      const input = parseInput('protocol.setAttendance', { participantId: Number(o.participant), attendance: o.attendance, ...(o.app !== undefined ? { app: o.app } : {}) }, cmd);
      const p = await withStation(o.data, (station) => station.call('protocol.setAttendance', input));
      const way = p.via ? `\t${p.via}${p.app ? `\t${p.app}` : ''}` : '';
      process.stdout.write(o.json ? `${JSON.stringify(p)}\n` : `${p.id}\t${p.name}\t${p.attendance}${way}\n`);
    });
}
