import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../../common/errors';
import { translator } from '../../i18n/translator';
import { cliLanguage, dataOption } from '../context';
import { copyInto } from '../copy-out';
import { actingPinFileOption } from '../identity';
import { withStation } from '../station-client';
import { clockOf, parseClock } from './seal';

// `hattama clip`: an excerpt of a session for a party (judge). The core cuts it into
// DATA/clips/<id>/ (review.clip) and signs its manifest; the CLI copies the folder to --out.
// `hattama verify OUT --source DATA/recordings/<session>` proves its samples.

export function registerClip(program: Command): void {
  program
    .command('clip')
    .description('cut a clip of a recording session (audio sample-exact, video at keyframes), signed; sealed ranges are cut around')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .requiredOption('--session <id>', 'the recording session')
    .requiredOption('--from <hh:mm:ss>', 'start on the recording')
    .requiredOption('--to <hh:mm:ss>', 'end on the recording')
    .option('--tracks <ids>', 'tracks, comma-separated (audio,cam1,screen); default: all')
    .option('--no-exclude-sealed', 'refuse the clip when it overlaps a sealed range, instead of cutting around it')
    .option('--out <dir>', 'copy the clip folder here (a new or empty folder)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { data: string; session: string; from: string; to: string; tracks?: string; excludeSealed: boolean; out?: string; json?: boolean }, cmd: Command) => {
      const t = translator(cliLanguage(cmd));
      const tracks = o.tracks ? o.tracks.split(',').map((x) => x.trim()).filter(Boolean) : undefined;
      if (o.out && fs.existsSync(o.out) && fs.readdirSync(o.out).length) throw new HattamaError('protocol.outUnwritable', { path: path.resolve(o.out) });
      const r = await withStation(o.data, (s) =>
        s.call('review.clip', { sessionId: o.session, fromMs: parseClock('--from', o.from), toMs: parseClock('--to', o.to), ...(tracks ? { tracks } : {}), excludeSealed: o.excludeSealed }),
      );
      const dir = o.out ? path.resolve(o.out) : r.dir;
      if (o.out) copyInto(fs.readdirSync(r.dir).sort().map((f) => path.join(r.dir, f)), dir);
      if (o.json) return void process.stdout.write(`${JSON.stringify({ ...r, out: dir })}\n`);
      for (const x of r.excluded) process.stdout.write(`${t('review:cli.clipExcluded', { from: clockOf(x.fromMs), to: clockOf(x.toMs) })}\n`);
      process.stdout.write(`${t('review:cli.clip', { dir, files: r.files.length + 1 })}\n`);
    });
}
