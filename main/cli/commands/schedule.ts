import type { Command } from 'commander';
import path from 'node:path';
import { readScheduleFile } from '../../protocol/schedule-import';
import { cliLanguage, dataOption } from '../context';
import { actingPinFileOption } from '../identity';
import { withStation } from '../station-client';

// `hattama schedule import FILE.json`: offline provisioning of hearings with participants
// (format: docs/protocol.md, example: resources/schedule-example.json).
export function registerSchedule(program: Command): void {
  const schedule = program.command('schedule').description('the hearing schedule of this courtroom');
  schedule
    .command('import')
    .description('load hearings with participants from a schedule file (all or nothing)')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .argument('<file>', 'schedule JSON file')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { data: string; json?: boolean }, cmd: Command) => {
      const lang = cliLanguage(cmd);
      // Validate before opening the store: a bad file changes nothing.
      const doc = readScheduleFile(path.resolve(file), lang);
      const r = await withStation(o.data, (station) => station.call('protocol.importSchedule', { schedule: doc }));
      if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else process.stdout.write(`created ${r.created.length} [${r.created.join(', ')}], updated ${r.updated.length} [${r.updated.join(', ')}], unchanged ${r.unchanged.length}\n`);
    });
}
