import path from 'node:path';
import type { Command } from 'commander';
import type { Translate } from '../../../common/validation';
import { connectControl } from '../../control/control-client';
import { writeBundle } from '../../doctor/bundle';
import type { DoctorReport } from '../../doctor/run-doctor';
import { runDoctor } from '../../doctor/run-doctor';
import { translator } from '../../i18n/translator';
import { openConfSettings } from '../../settings/settings-store';
import { cliLanguage, dataOption, ensureDataDir } from '../context';

// `hattama doctor`: one line per check (ok / warn / fail) over the tools, the audio device, the
// disk, the database and its triggers, the last sessions, the clock, central, the key and the
// uploads; exit 1 when any check fails. `--bundle FILE.zip` also writes the diagnostic bundle.
// It reads the data directory beside a running core and does not start one: a station whose
// core refuses to open is the one that needs the doctor most.

export function doctorLines(r: DoctorReport, t: Translate): string[] {
  const width = Math.max(...(['ok', 'warn', 'fail'] as const).map((s) => t(`roomcheck:doctor.status.${s}`).length));
  return r.checks.map((c) => `${t(`roomcheck:doctor.status.${c.status}`).padEnd(width)}  ${t(`roomcheck:doctor.checks.${c.name}`, c.nameParams)}: ${t(`roomcheck:doctor.detail.${c.detail}`, c.params)}`);
}

async function coreIsRunning(dataDir: string): Promise<boolean> {
  const c = await connectControl(dataDir, 1000);
  c?.close();
  return c !== null;
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check the station: tools, audio device, disk, database, sessions, clock, central, key, uploads; exit 1 when a check fails')
    .addOption(dataOption())
    .option('--json', 'print JSON')
    .option('--bundle <file.zip>', 'also write a diagnostic bundle (logs, settings without secrets, devices, versions, room tests)')
    .action(async (o: { data: string; json?: boolean; bundle?: string }, cmd: Command) => {
      const dir = ensureDataDir(o.data);
      const t = translator(cliLanguage(cmd));
      const report = await runDoctor(dir, (await openConfSettings(dir)).get(), await coreIsRunning(dir));
      const text = `${doctorLines(report, t).join('\n')}\n`;
      const withText = { ...report, checks: report.checks.map((c) => ({ ...c, text: `${t(`roomcheck:doctor.checks.${c.name}`, c.nameParams)}: ${t(`roomcheck:doctor.detail.${c.detail}`, c.params)}` })) };
      process.stdout.write(o.json ? `${JSON.stringify(withText, null, 2)}\n` : text);
      if (o.bundle) {
        const file = path.resolve(o.bundle);
        await writeBundle(file, dir, report, text);
        process.stderr.write(`${t('roomcheck:doctor.bundleWritten', { file })}\n`);
      }
      if (!report.ok) process.exitCode = 1;
    });
}
