import type { Command } from 'commander';
import { HattamaError } from '../../../common/errors';
import { dataOption } from '../context';
import { actingPinFileOption } from '../identity';
import { withStation } from '../station-client';

// `hattama protocol mute`: the privacy mute of one microphone from the command line, by the
// person signed in for the command (as in the console: the core checks the role and the
// hearing's rules, writes the protocol entry and marks the session's evidence).

export function registerProtocolMute(protocol: Command): void {
  protocol
    .command('mute')
    .description('mute one microphone of an open hearing for a private conversation (its channel records silence), or switch it back on with --off')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .requiredOption('--hearing <id>', 'hearing id')
    .requiredOption('--channel <n>', 'the microphone channel, 1-based')
    .option('--off', 'switch the microphone back on')
    .option('--json', 'print the protocol entry and the recorder state as JSON')
    .action(async (o: { data: string; hearing: string; channel: string; off?: boolean; json?: boolean }) => {
      for (const [name, v] of [['--hearing', o.hearing], ['--channel', o.channel]] as const) {
        if (!/^\d+$/.test(v) || Number(v) <= 0) throw new HattamaError('app.badArgument', { detail: `${name} ${v}` });
      }
      const r = await withStation(o.data, (station) => station.call('hearing.privacyMute', { hearingId: Number(o.hearing), channel: Number(o.channel), on: !o.off }));
      const muted = r.recording.muted.map((m) => m.channel).join(',') || '-';
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : `${r.entry.id}\t${r.entry.kind}\t${r.entry.startedAt}\tmuted: ${muted}\n`);
    });
}
