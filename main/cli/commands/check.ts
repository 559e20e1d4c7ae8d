import type { Command } from 'commander';
import type { RoomTest } from '../../../common/contract/recording';
import { HattamaError } from '../../../common/errors';
import { roleName, translator } from '../../i18n/translator';
import { cliLanguage, dataOption } from '../context';
import { actingPinFileOption } from '../identity';
import { withStation } from '../station-client';

// `hattama check`: the room test before a hearing, run by the station's core (running, or started
// for it): every microphone recorded for N seconds into a test folder apart from evidence, a
// verdict per microphone with its numbers, the disk, the sync backlog, the clock. Exit 1 when the
// room is not ready.

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('room test before a hearing: a verdict per microphone, disk, sync backlog, clock; exit 1 when not ready')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .option('--seconds <n>', 'seconds to record', '10')
    .option('--json', 'print JSON')
    .action(async (o: { data: string; seconds: string; json?: boolean }, cmd: Command) => {
      const seconds = Number(o.seconds);
      if (!Number.isInteger(seconds) || seconds < 3 || seconds > 30) throw new HattamaError('app.badArgument', { detail: `--seconds ${o.seconds} (3..30)` });
      const result = await withStation(o.data, (station) => station.call('recording.roomTest', { seconds }));
      if (o.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stdout.write(`${roomTestLines(result, translator(cliLanguage(cmd))).join('\n')}\n`);
      if (!result.ready) process.exitCode = 1;
    });
}

export function roomTestLines(r: RoomTest, t: (key: string, params?: Record<string, unknown>) => string): string[] {
  const lines = [`${t('roomcheck:heading')}: ${r.ready ? t('roomcheck:ready') : t('roomcheck:notReady')}`];
  for (const m of r.microphones) {
    const verdict = t(`roomcheck:verdicts.${m.verdict}`) + (m.duplicateOf ? ` (${t('roomcheck:line.duplicateOf', { of: m.duplicateOf })})` : '');
    lines.push(t('roomcheck:line.channel', { ...m, role: roleName(t, m.role), verdict }));
  }
  if (r.conference) {
    const c = r.conference;
    lines.push(t('roomcheck:line.conference', { ...c, verdict: t(`roomcheck:conferenceVerdicts.${c.verdict}`), expected: t(c.expected ? 'roomcheck:line.conferenceExpected' : 'roomcheck:line.conferenceNotExpected') }));
  }
  for (const c of r.cameras) lines.push(`${c.slot} (${roleName(t, c.role)}): ${t(`roomcheck:cameraVerdicts.${c.verdict}`)} ${c.width}×${c.height}`);
  lines.push(r.diskHours === null ? t('roomcheck:line.diskUnknown') : t('roomcheck:line.disk', { hours: r.diskHours }));
  lines.push(t('roomcheck:line.backlog', r.syncBacklog));
  lines.push(r.clockOffsetMs === null ? t('roomcheck:line.clockUnknown') : t('roomcheck:line.clock', { ms: r.clockOffsetMs }));
  lines.push(t('roomcheck:line.folder', { folder: r.folder }));
  for (const x of [...r.reasons, ...r.notes]) lines.push(`- ${t(`roomcheck:reasons.${x.code}`, x.params)}`);
  return lines;
}
