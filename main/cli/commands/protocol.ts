import { Option, type Command } from 'commander';
import path from 'node:path';
import { HattamaError } from '../../../common/errors';
import { LOGGABLE_KINDS } from '../../../common/protocol/kinds';
import renderMessages from '../../../common/i18n/protocol';
import { renderEntry, type KindTemplates } from '../../../common/protocol/render';
import { snippetInQuotes } from '../../../common/protocol/search-marks';
import { formatPosition } from '../../../common/protocol/text';
import { translator } from '../../i18n/translator';
import { readPasswordFile } from '../../protocol/sign/p12-signer';
import { copyInto, copyOut } from '../copy-out';
import { cliLanguage, dataOption } from '../context';
import { actingPinFileOption } from '../identity';
import { parseInput } from '../parse-input';
import { withStation } from '../station-client';
import { registerProtocolAttendance } from './protocol-attendance';
import { registerProtocolCancel } from './protocol-cancel';
import { registerProtocolMute } from './protocol-mute';

// `hattama protocol …`: the electronic protocol from scripts and for provisioning. Every command
// is a contract call to the station's core (running, or started for the command), so the same
// input is accepted or refused, and the same hearing rules apply, as in the UI.

export function hearingId(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new HattamaError('app.badArgument', { detail: `--hearing ${v}` });
  return Number(v);
}

/** Export language: the subcommand's --lang (kk|ru) wins over the global one (message language). */
export function exportLang(cmd: Command): 'kk' | 'ru' {
  const l = (cmd.opts().lang ?? cmd.optsWithGlobals().lang ?? 'kk') as string;
  if (l !== 'kk' && l !== 'ru') throw new HattamaError('app.badArgument', { detail: `--lang ${l} (kk|ru)` });
  return l;
}

const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

/** Opening with a written reason (no valid room test): protocol.startHearing, the call that takes one. */
async function openWithReason(o: Record<string, string | boolean | undefined>, cmd: Command): Promise<void> {
  if (o.kind !== 'opened') throw new HattamaError('app.badArgument', { detail: '--room-test-reason (only with --kind opened)' });
  const input = parseInput('protocol.startHearing', { hearingId: hearingId(String(o.hearing)), roomTestReason: o.roomTestReason, ...(o.startedAt ? { startedAt: o.startedAt } : {}) }, cmd);
  const { entry } = await withStation(String(o.data), (station) => station.call('protocol.startHearing', input));
  out(o.json ? JSON.stringify(entry) : String(entry.id));
}

export function registerProtocol(program: Command): void {
  const protocol = program.command('protocol').description('the electronic protocol: log entries, list, export, sign, search');

  protocol
    .command('log')
    .description('append one entry to a hearing (prints the entry id once it is durable)')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .requiredOption('--hearing <id>', 'hearing id')
    .addOption(new Option('--kind <kind>', 'entry kind').choices([...LOGGABLE_KINDS]).makeOptionMandatory())
    .option('--speaker <name|id>', 'speaker: a participant id, or a name (linked when on the roster)')
    .option('--text <text>', 'free text (max 20000 characters; control characters other than newline/tab are removed)')
    .option('--exhibit <number>', 'exhibit number (exhibit_* kinds)')
    .option('--exhibit-description <text>', 'exhibit description (with --exhibit)')
    .option('--started-at <iso>', 'time of day the entry refers to (ISO 8601 with offset); default now')
    .option('--author <name>', 'who logs it')
    .option('--addendum', 'add to a signed protocol as an addendum')
    .option('--room-test-reason <text>', 'with --kind opened: why the hearing opens without a room test passed in the last check.validHours (goes into the audit)')
    .option('--json', 'print the entry as JSON')
    .action(async (o: Record<string, string | boolean | undefined>, cmd: Command) => {
      if (o.roomTestReason !== undefined) return openWithReason(o, cmd);
      const speaker = o.speaker as string | undefined;
      const input = parseInput(
        'protocol.logEntry',
        {
          hearingId: hearingId(String(o.hearing)),
          kind: o.kind,
          ...(speaker !== undefined ? (/^\d+$/.test(speaker) ? { speakerId: Number(speaker) } : { speaker }) : {}),
          ...(o.text !== undefined ? { text: o.text } : {}),
          ...(o.exhibit !== undefined ? { exhibit: { number: o.exhibit, ...(o.exhibitDescription ? { description: o.exhibitDescription } : {}) } } : {}),
          ...(o.startedAt ? { startedAt: o.startedAt } : {}),
          ...(o.author ? { author: o.author } : {}),
          ...(o.addendum ? { addendum: true } : {}),
        },
        cmd,
      );
      const entry = await withStation(String(o.data), (station) => station.call('protocol.logEntry', input));
      out(o.json ? JSON.stringify(entry) : String(entry.id));
    });

  protocol
    .command('list')
    .description('list hearings, or with --hearing the entries of one hearing')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .option('--hearing <id>', 'show this hearing with its roster and entries')
    .addOption(new Option('--scope <scope>', 'which hearings').choices(['today', 'upcoming', 'recent', 'all']).default('all'))
    .option('--case <text>', 'part of a case number')
    .option('--json', 'print JSON')
    .action(async (o: { data: string; hearing?: string; scope: 'today' | 'upcoming' | 'recent' | 'all'; case?: string; json?: boolean }, cmd: Command) => {
      await withStation(o.data, async (station) => {
        if (o.hearing) {
          const d = await station.call('protocol.getHearing', { hearingId: hearingId(o.hearing) });
          if (o.json) return out(JSON.stringify(d, null, 2));
          const lang = cliLanguage(cmd) === 'ru' ? 'ru' : cliLanguage(cmd) === 'en' ? 'en' : 'kk';
          const t = renderMessages[lang].templates as unknown as KindTemplates;
          const h = d.hearing;
          out(`#${h.id} ${h.caseNumber} ${h.status}${h.locked ? ' signed' : ''}${h.cancelled ? ' cancelled' : ''} ${h.court} ${h.courtroom} ${h.judge}`);
          for (const p of d.participants) out(`  [${p.id}] ${p.role} ${p.name} — ${p.attendance}${p.via ? ` (${p.via}${p.app ? `, ${p.app}` : ''})` : ''}`);
          for (const e of d.entries) {
            const flags = [e.deleted ? 'deleted' : '', e.revision > 1 ? `rev ${e.revision}` : '', e.addendum ? 'addendum' : ''].filter(Boolean).join(', ');
            out(`  ${e.id}\t${e.startedAt}\t${formatPosition(e.recordingPositionMs)}\t${renderEntry(t, { kind: e.kind, speaker: e.speaker, exhibit: e.exhibitLabel, text: e.text }).replace(/\n/g, ' ')}${flags ? ` (${flags})` : ''}`);
          }
          return;
        }
        const list = await station.call('protocol.hearings', { scope: o.scope, ...(o.case ? { caseNumber: o.case } : {}), limit: 1000 });
        if (o.json) return out(JSON.stringify(list, null, 2));
        for (const h of list) {
          out(`${h.id}\t${h.caseNumber}\t${h.scheduledStart ?? '-'}\t${h.status}${h.locked ? ' signed' : ''}${h.cancelled ? ' cancelled' : ''}\t${h.judge}\t${h.participantCount} participants, ${h.entryCount} entries`);
        }
      });
    });

  protocol
    .command('export')
    .description('write the short protocol as PDF or DOCX')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .requiredOption('--hearing <id>', 'hearing id')
    .addOption(new Option('--format <format>', 'file format').choices(['pdf', 'docx']).makeOptionMandatory())
    .addOption(new Option('--lang <lang>', 'language of the protocol').choices(['kk', 'ru']))
    .option('--out <file>', 'also copy it to this file (the station keeps its own under DATA/protocols/<id>/)')
    .option('--time-zone <tz>', 'time zone for times of day (default: the station’s)')
    .option('--public', "a participant's copy: entries inside a judge's sealed range are listed without their text")
    .action(async (o: { data: string; hearing: string; format: 'pdf' | 'docx'; out?: string; timeZone?: string; public?: boolean }, cmd: Command) => {
      const lang = exportLang(cmd);
      const r = await withStation(o.data, (station) =>
        station.call('protocol.export', { hearingId: hearingId(o.hearing), format: o.format, lang, ...(o.timeZone ? { timeZone: o.timeZone } : {}), ...(o.public ? { publicCopy: true } : {}) }),
      );
      out(o.out ? copyOut(r.path, o.out) : r.path);
      process.stderr.write(`${r.bytes} bytes, sha256 ${r.sha256}\n`);
    });

  protocol
    .command('sign')
    .description('export the PDF and sign it with a PKCS#12 key (detached CAdES-BES .p7s); locks the protocol')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .requiredOption('--hearing <id>', 'hearing id')
    .requiredOption('--p12 <file>', 'PKCS#12 key file (.p12/.pfx)')
    .requiredOption('--password-file <file>', 'file whose first line is the key password')
    .addOption(new Option('--lang <lang>', 'language of the protocol').choices(['kk', 'ru']))
    .option('--out <dir>', 'also copy protocol.pdf and its .p7s (and the signed copy) into this folder (the station keeps its own under DATA/protocols/<id>/signed-…)')
    .option('--incomplete-reason <text>', 'why it is signed although `hattama protocol check` lists missing items (kept in the audit)')
    .option('--json', 'print the signature record as JSON')
    .action(async (o: { data: string; hearing: string; p12: string; passwordFile: string; out?: string; json?: boolean; incompleteReason?: string }, cmd: Command) => {
      const lang = exportLang(cmd);
      const password = readPasswordFile(path.resolve(o.passwordFile));
      const why = o.incompleteReason ? { incompleteReason: o.incompleteReason } : {};
      const s = await withStation(o.data, (station) =>
        station.call('protocol.sign', { hearingId: hearingId(o.hearing), p12Path: path.resolve(o.p12), password, lang, ...why }),
      );
      const copies = o.out ? copyInto([s.pdfPath, s.p7sPath, ...(s.copyPath ? [s.copyPath] : [])], o.out) : [];
      if (o.json) return out(JSON.stringify(o.out ? { ...s, copiedTo: copies } : s, null, 2));
      out(copies[0] ?? s.pdfPath);
      out(copies[1] ?? s.p7sPath);
      process.stderr.write(`signed by ${s.signer} at ${s.signedAt}\n`);
    });

  protocol
    .command('check')
    .description('what the protocol lacks of its mandatory items before it is signed; exit 1 if anything')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .requiredOption('--hearing <id>', 'hearing id')
    .option('--json', 'print JSON')
    .action(async (o: { data: string; hearing: string; json?: boolean }, cmd: Command) => {
      const { missing } = await withStation(o.data, (station) => station.call('protocol.signCheck', { hearingId: hearingId(o.hearing) }));
      if (o.json) out(JSON.stringify(missing, null, 2));
      else {
        const t = translator(cliLanguage(cmd));
        out(missing.length ? t('signcheck:heading') : t('signcheck:complete'));
        for (const m of missing) out(`- ${t(`signcheck:items.${m.item}`)}${m.names.length ? `: ${m.names.join(', ')}` : ''}`);
      }
      if (missing.length) process.exitCode = 1;
    });

  protocol
    .command('search')
    .description('full-text search over all protocols')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .argument('[words...]', 'words of entry text')
    .option('--participant <name>', 'participant (roster or speaker)')
    .option('--case <text>', 'part of a case number')
    .option('--from <iso>', 'entries from this time')
    .option('--to <iso>', 'entries before this time')
    .option('--limit <n>', 'at most this many hits', '50')
    .option('--json', 'print JSON')
    .action(async (words: string[], o: { data: string; participant?: string; case?: string; from?: string; to?: string; limit: string; json?: boolean }, cmd: Command) => {
      const q = parseInput(
        'protocol.search',
        {
          ...(words.length ? { text: words.join(' ') } : {}),
          ...(o.participant ? { participant: o.participant } : {}),
          ...(o.case ? { caseNumber: o.case } : {}),
          ...(o.from ? { from: o.from } : {}),
          ...(o.to ? { to: o.to } : {}),
          limit: Number(o.limit),
        },
        cmd,
      );
      const hits = await withStation(o.data, (station) => station.call('protocol.search', q));
      if (o.json) return out(JSON.stringify(hits, null, 2));
      for (const h of hits) out(`${h.hearing.caseNumber}\t${h.entry ? `${h.entry.id}\t${h.entry.startedAt}` : 'hearing'}\t${snippetInQuotes(h.snippet).replace(/\n/g, ' ')}`);
    });
  registerProtocolAttendance(protocol);
  registerProtocolCancel(protocol);
  registerProtocolMute(protocol);
}
