import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../../common/errors';
import { translator } from '../../i18n/translator';
import { cliLanguage, dataOption } from '../context';
import { copyOut } from '../copy-out';
import { actingPinFileOption, identityFromCommand, setCliIdentity } from '../identity';
import { withStation } from '../station-client';
import { exportLang, hearingId } from './protocol';
import { clockOf } from './seal';

// `hattama copy`: a participants' copy of a hearing (judge, secretary). The core makes it in
// DATA/copies/<id>/ (review.copy): one MP4 without the sealed ranges, the protocol PDF, a signed
// receipt. The CLI copies them to --out FILE.mp4 and beside it: FILE.pdf, FILE.receipt.json,
// FILE.receipt.sig. `hattama verify FILE.receipt.json` checks them. `--request ID` fulfils a
// party's copy request from central (review.fulfilCopyRequest): the same copy, its four files
// queued for upload against the request; `hattama copy requests` lists the requests.

/** Where the copy's files go for `--out FILE.mp4`. */
export function copyTargets(out: string): { video: string; protocol: string; receipt: string; signature: string } {
  const abs = path.resolve(out);
  const base = abs.toLowerCase().endsWith('.mp4') ? abs.slice(0, -4) : abs;
  return { video: `${base}.mp4`, protocol: `${base}.pdf`, receipt: `${base}.receipt.json`, signature: `${base}.receipt.sig` };
}

export function registerCopy(program: Command): void {
  const copy = program
    .command('copy')
    .description("make a participants' copy of a hearing: one MP4 (sealed ranges taken out), the protocol PDF, a signed receipt with their SHA-256; with --request, for a party's copy request from central, its files queued for upload")
    // Not mandatory here: commander checks a parent's mandatory options before `copy requests` runs.
    .addOption(dataOption(false))
    .addOption(actingPinFileOption())
    .option('--hearing <id>', 'the hearing (its number on this station)')
    .option('--request <id>', "a copy request from central (hattama copy requests): its hearing's copy, uploaded against it")
    .option('--out <file.mp4>', 'where to write the MP4; the PDF and the receipt are written beside it (required with --hearing)')
    .option('--lang <kk|ru>', 'language of the protocol PDF (default kk)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { data?: string; hearing?: string; request?: string; out?: string; json?: boolean }, cmd: Command) => {
      const t = translator(cliLanguage(cmd));
      if (!o.data) throw new HattamaError('app.badArgument', { detail: '--data is required' });
      if (!o.request && (!o.hearing || !o.out)) throw new HattamaError('app.badArgument', { detail: '--hearing and --out are required (or --request)' });
      if (o.request && o.hearing) throw new HattamaError('app.badArgument', { detail: '--request names its hearing: leave out --hearing' });
      const to = o.out ? copyTargets(o.out) : null;
      for (const f of Object.values(to ?? {})) if (fs.existsSync(f)) throw new HattamaError('protocol.outUnwritable', { path: f });
      const fulfilled = o.request ? await withStation(o.data, (s) => s.call('review.fulfilCopyRequest', { requestId: o.request!, lang: exportLang(cmd) })) : null;
      const r = fulfilled?.copy ?? (await withStation(o.data, (s) => s.call('review.copy', { hearingId: hearingId(o.hearing!), lang: exportLang(cmd) })));
      const written = to
        ? { video: copyOut(r.video.path, to.video), protocol: copyOut(r.protocol.path, to.protocol), receipt: copyOut(r.receipt.path, to.receipt), signature: copyOut(r.signature.path, to.signature) }
        : { video: r.video.path, protocol: r.protocol.path, receipt: r.receipt.path, signature: r.signature.path };
      if (o.json) return void process.stdout.write(`${JSON.stringify({ ...r, out: written, ...(fulfilled ? { request: fulfilled.request } : {}) })}\n`);
      const lines = [t('review:cli.copy', { path: written.video })];
      lines.push(t('review:cli.copyDuration', { duration: clockOf(r.durationMs), recorded: clockOf(r.recordedMs), sealed: clockOf(r.sealedMs) }));
      for (const x of r.removed) lines.push(t('review:cli.copyRemoved', { from: clockOf(x.fromMs), to: clockOf(x.toMs) }));
      for (const k of ['video', 'protocol', 'receipt'] as const) lines.push(t('review:cli.copyFile', { label: t(`review:cli.copyLabels.${k}`), path: written[k], sha256: r[k].sha256 }));
      lines.push(`${t('review:cli.copyLabels.signature')}: ${written.signature} (${r.signature.keyId})`);
      if (fulfilled) lines.push(t('copies:cli.queued', { requestId: fulfilled.request.requestId, copyId: r.copyId }));
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  // `copy`'s own options (--data, --hearing, --json) are parsed by `copy` wherever they stand.
  copy
    .command('requests')
    .description("parties' copy requests from central: a hearing's (--hearing), or every one still waiting; each with its copy's upload")
    .addOption(dataOption(false))
    .addOption(actingPinFileOption())
    .option('--hearing <id>', 'the hearing (its number on this station)')
    .option('--json', 'print JSON')
    .action(async (_o: unknown, cmd: Command) => {
      const parent = cmd.parent!;
      if (!(cmd.opts() as { pinFile?: string }).pinFile && parent.parent) setCliIdentity(identityFromCommand(parent.parent, parent));
      const o = cmd.optsWithGlobals<{ data?: string; hearing?: string; json?: boolean }>();
      if (!o.data) throw new HattamaError('app.badArgument', { detail: '--data is required' });
      const t = translator(cliLanguage(cmd));
      const list = await withStation(o.data, (s) => s.call('review.copyRequests', o.hearing ? { hearingId: hearingId(o.hearing) } : {}));
      if (o.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      if (!list.length) return void process.stdout.write(`${t('copies:cli.none')}\n`);
      const lines: string[] = [];
      for (const x of list) {
        lines.push(t('copies:cli.line', { requestId: x.requestId, hearing: x.hearingId, name: x.requester.name, role: t(`copies:roles.${x.requester.role}`), filedAt: x.filedAt, state: t(`copies:states.${x.state}`) }));
        if (x.reason) lines.push(t('copies:cli.reason', { reason: x.reason }));
        if (x.delivery) {
          lines.push(t('copies:cli.delivery', { copyId: x.delivery.copyId, confirmed: x.delivery.files.filter((f) => f.confirmed).length, total: x.delivery.files.length }));
          for (const f of x.delivery.files) if (f.problem && !f.confirmed) lines.push(t('copies:cli.problem', { name: f.name, problem: f.problem }));
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
