import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../../common/errors';
import { translator } from '../../i18n/translator';
import { cliLanguage, dataOption } from '../context';
import { copyOut } from '../copy-out';
import { actingPinFileOption } from '../identity';
import { withStation } from '../station-client';
import { exportLang, hearingId } from './protocol';
import { clockOf } from './seal';

// `hattama copy`: a participants' copy of a hearing (judge, secretary). The core makes it in
// DATA/copies/<id>/ (review.copy): one MP4 without the sealed ranges, the protocol PDF, a signed
// receipt. The CLI copies them to --out FILE.mp4 and beside it: FILE.pdf, FILE.receipt.json,
// FILE.receipt.sig. `hattama verify FILE.receipt.json` checks them.

/** Where the copy's files go for `--out FILE.mp4`. */
export function copyTargets(out: string): { video: string; protocol: string; receipt: string; signature: string } {
  const abs = path.resolve(out);
  const base = abs.toLowerCase().endsWith('.mp4') ? abs.slice(0, -4) : abs;
  return { video: `${base}.mp4`, protocol: `${base}.pdf`, receipt: `${base}.receipt.json`, signature: `${base}.receipt.sig` };
}

export function registerCopy(program: Command): void {
  program
    .command('copy')
    .description("make a participants' copy of a hearing: one MP4 (sealed ranges taken out), the protocol PDF, a signed receipt with their SHA-256")
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .requiredOption('--hearing <id>', 'the hearing (its number on this station)')
    .requiredOption('--out <file.mp4>', 'where to write the MP4; the PDF and the receipt are written beside it')
    .option('--lang <kk|ru>', 'language of the protocol PDF (default kk)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { data: string; hearing: string; out: string; json?: boolean }, cmd: Command) => {
      const t = translator(cliLanguage(cmd));
      const to = copyTargets(o.out);
      for (const f of Object.values(to)) if (fs.existsSync(f)) throw new HattamaError('protocol.outUnwritable', { path: f });
      const r = await withStation(o.data, (s) => s.call('review.copy', { hearingId: hearingId(o.hearing), lang: exportLang(cmd) }));
      const written = {
        video: copyOut(r.video.path, to.video),
        protocol: copyOut(r.protocol.path, to.protocol),
        receipt: copyOut(r.receipt.path, to.receipt),
        signature: copyOut(r.signature.path, to.signature),
      };
      if (o.json) return void process.stdout.write(`${JSON.stringify({ ...r, out: written })}\n`);
      const lines = [t('review:cli.copy', { path: written.video })];
      lines.push(t('review:cli.copyDuration', { duration: clockOf(r.durationMs), recorded: clockOf(r.recordedMs), sealed: clockOf(r.sealedMs) }));
      for (const x of r.removed) lines.push(t('review:cli.copyRemoved', { from: clockOf(x.fromMs), to: clockOf(x.toMs) }));
      for (const k of ['video', 'protocol', 'receipt'] as const) lines.push(t('review:cli.copyFile', { label: t(`review:cli.copyLabels.${k}`), path: written[k], sha256: r[k].sha256 }));
      lines.push(`${t('review:cli.copyLabels.signature')}: ${written.signature} (${r.signature.keyId})`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
