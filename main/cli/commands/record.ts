import { Option, type Command } from 'commander';
import { HattamaError } from '../../../common/errors';
import { translator } from '../../i18n/translator';
import { readPublicKey } from '../../keys/station-key';
import { recoverAll } from '../../evidence/recovery/recover-all';
import { RecordingService, type RecordingConfig, type SessionSummary } from '../../recording/recording-service';
import { openRecordingContext } from '../record-context';
import { verifySession, type Finding } from '../../evidence/verify';
import { copyReceiptOf, verifyCopyCli } from '../copy-verify';
import { centralAnchorFor, centralLinksOf } from '../../evidence/central-anchor';
import { cliLanguage, dataOption } from '../context';

// `hattama record`, `hattama verify`, `hattama recover`: the audio record headless.

const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) throw new HattamaError('app.badArgument', { detail: `${name} ${v}` });
  return n;
}

export function registerRecord(program: Command): void {
  program
    .command('record')
    .description('record audio headless for N seconds; prints the session folder (or a JSON summary)')
    .addOption(dataOption())
    .requiredOption('--seconds <n>', 'how long to record')
    .option('--device <name>', 'capture device (default: settings.audio.device)')
    .option('--channels <n>', 'channels, 1 to 16 (default: settings.audio.channels)')
    .option('--rate <hz>', 'sample rate (default: settings.audio.sampleRate)')
    .option('--conference-device <name>', "where the video-conference's sound is captured, as its own track (Linux: the monitor of its output, e.g. conference.monitor; default: settings.audio.conferenceDevice)")
    .option('--conference-channels <n>', 'conference track channels, 1 or 2 (default: settings.audio.conferenceChannels)')
    .option('--case <ref>', 'case number / reference')
    .option('--hearing <id>', 'hearing id')
    .addOption(new Option('--segment-seconds <n>', 'segment length (default: settings.segmentSeconds)').hideHelp())
    .option('--json', 'print a JSON summary')
    .action(async (opts: { data: string; seconds: string; device?: string; channels?: string; rate?: string; conferenceDevice?: string; conferenceChannels?: string; case?: string; hearing?: string; segmentSeconds?: string; json?: boolean }) => {
      const seconds = Number(opts.seconds);
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 7 * 24 * 3600) throw new HattamaError('recording.badSeconds', { value: opts.seconds });
      const overrides: Partial<RecordingConfig> = {
        ...(opts.device !== undefined ? { device: opts.device } : {}),
        ...(opts.channels !== undefined ? { channels: int('--channels', opts.channels) } : {}),
        ...(opts.rate !== undefined ? { sampleRate: int('--rate', opts.rate) } : {}),
        ...(opts.segmentSeconds !== undefined ? { segmentSeconds: Number(opts.segmentSeconds) } : {}),
        ...(opts.conferenceDevice !== undefined ? { conferenceDevice: opts.conferenceDevice.trim() } : {}),
        ...(opts.conferenceChannels !== undefined ? { conferenceChannels: int('--conference-channels', opts.conferenceChannels) } : {}),
      };
      const ctx = await openRecordingContext(opts.data);
      const service = new RecordingService(ctx);
      let stopRequested: (() => void) | null = null;
      const onSignal = () => stopRequested?.();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        // A crash of an earlier run is closed first, as the core does at start.
        await recoverAll({ dataDir: ctx.dataDir, db: ctx.db, log: ctx.log, key: () => ctx.sessions.stationKey(), centralLinks: (id) => centralLinksOf(ctx.dataDir, ctx.settings.get().central.caFile, id) });
        await service.start({ ...(opts.case ? { caseRef: opts.case } : {}), ...(opts.hearing ? { hearingId: opts.hearing } : {}) }, overrides);
        const ended = service.whenEnded();
        const wait = new Promise<void>((resolve) => {
          const t = setTimeout(resolve, seconds * 1000);
          stopRequested = () => {
            clearTimeout(t);
            resolve();
          };
        });
        const first = await Promise.race([wait.then(() => null), ended]);
        const summary: SessionSummary = first ?? (service.state().state === 'stopped' ? await ended : await service.stopWithSummary());
        if (service.lastFailure) {
          if (opts.json) out(JSON.stringify(summary));
          throw service.lastFailure;
        }
        out(opts.json ? JSON.stringify(summary) : summary.folder);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await service.close();
        ctx.close();
      }
    });

  program
    .command('verify')
    .description('check a recording session folder: chain, hashes, signature, order; exit 0 only if intact')
    .argument('<path>', "session folder (or its manifest.json), a clip folder, or a participants' copy's receipt")
    .option('--key <file>', "the station's public key (PEM) to check the signature against")
    .option('--data <dir>', "a station data folder whose key is expected")
    .option('--central <url>', "compare the chain with the one anchored on central (the station's token from --data or the session's data folder)")
    .option('--ca <file>', "a court's private CA (PEM) that central's certificate is checked against")
    .option('--source <session>', 'a clip only: its source session folder; proves every audio sample equals the source')
    .option('--json', 'print the findings as JSON')
    .action(async (target: string, opts: { key?: string; data?: string; central?: string; ca?: string; source?: string; json?: boolean }, cmd: Command) => {
      const t = translator(cliLanguage(cmd));
      const keySource = opts.key ?? opts.data;
      const publicKey = keySource ? readPublicKey(keySource) : undefined;
      const receipt = copyReceiptOf(target);
      if (receipt) return verifyCopyCli(receipt, publicKey, t, opts.json, out);
      const central = opts.central ? await centralAnchorFor(target, opts.central, opts.data, opts.ca) : undefined;
      const r = verifySession(target, { ...(publicKey ? { publicKey } : {}), ...(central ? { central } : {}), ...(opts.source ? { source: opts.source } : {}) });
      if (opts.json) out(JSON.stringify(r));
      else {
        for (const f of r.findings) out(findingText(t, f));
        if (r.intact) out(r.status === 'clip' ? t('review:verify.clipIntact', { files: r.segments, path: r.path }) : t('recording:verify.intact', { segments: r.segments, path: r.path }));
      }
      const errors = r.findings.filter((f) => f.severity === 'error').length;
      if (!r.intact) throw new HattamaError('recording.verifyFailed', { count: errors, path: r.path });
    });

  program
    .command('recover')
    .description('close recording sessions left unfinished by a crash or power cut')
    .addOption(dataOption())
    .option('--json', 'print the result as JSON')
    .action(async (opts: { data: string; json?: boolean }, cmd: Command) => {
      const t = translator(cliLanguage(cmd));
      const ctx = await openRecordingContext(opts.data);
      try {
        // The disk is held against the database's record and, when it answers, central's anchored chain.
        const centralLinks = (id: string) => centralLinksOf(ctx.dataDir, ctx.settings.get().central.caFile, id);
        const r = await recoverAll({ dataDir: ctx.dataDir, db: ctx.db, log: ctx.log, key: () => ctx.sessions.stationKey(), centralLinks });
        if (opts.json) out(JSON.stringify(r));
        else {
          for (const s of r.recovered) out(t('recording:cli.recovered', { sessionId: s.sessionId, segments: s.segments, gapMs: s.gapMs }));
          for (const d of r.damaged) process.stderr.write(`hattama: ${t('recording:cli.damaged', { sessionId: d.sessionId, expected: d.expectedLength, disk: d.diskLength })}\n`);
          if (r.recovered.length === 0 && r.problems.length === 0 && r.damaged.length === 0) out(t('recording:cli.nothingToRecover'));
          for (const p of r.problems) process.stderr.write(`hattama: ${p.sessionId}: ${p.detail}\n`);
        }
        if (r.problems.length || r.damaged.length) process.exitCode = 1;
      } finally {
        ctx.close();
      }
    });
}

export function findingText(t: (k: string, p?: Record<string, unknown>) => string, f: Finding): string {
  // Seal and clip findings are the review's words (common/i18n/review.ts).
  return t(/^(seal|clip)/.test(f.code) ? `review:verify.${f.code}` : `recording:verify.${f.code}`, f.params);
}
