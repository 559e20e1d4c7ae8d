import type { Command } from 'commander';
import { SEAL_REASONS, type SealRecordView } from '../../../common/contract/review';
import { HattamaError } from '../../../common/errors';
import { translator } from '../../i18n/translator';
import { cliLanguage, dataOption } from '../context';
import { actingPinFileOption, identityFromCommand, setCliIdentity } from '../identity';
import { withStation } from '../station-client';

// `hattama seal`: a judge seals a range of a session's recording (HH:MM:SS on the session's
// timeline, the player's clock), `hattama seal lift` lifts a seal with a reason, `hattama seal
// list` shows a session's seal records. Each is a call to the core (review.seal, review.unseal,
// review.seals): the core signs the record and keeps it in the session's evidence.

const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

/** HH:MM:SS[.mmm], MM:SS or seconds, to ms. */
export function parseClock(name: string, v: string): number {
  const m = /^(?:(\d+):)?(?:(\d{1,2}):)?(\d{1,2}(?:\.\d{1,3})?)$/.exec(v.trim());
  if (!m) throw new HattamaError('app.badArgument', { detail: `${name} ${v}` });
  const [h, mi] = m[2] === undefined ? [0, Number(m[1] ?? 0)] : [Number(m[1] ?? 0), Number(m[2])];
  const sec = Number(m[3]);
  if (mi >= 60 && m[2] !== undefined) throw new HattamaError('app.badArgument', { detail: `${name} ${v}` });
  return Math.round(((h * 60 + mi) * 60 + sec) * 1000);
}

export function clockOf(ms: number | null): string {
  if (ms === null) return '—';
  const s = ms / 1000;
  const whole = Math.floor(s);
  const frac = Math.round((s - whole) * 1000);
  const hh = [Math.floor(whole / 3600), Math.floor(whole / 60) % 60, whole % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return frac ? `${hh}.${String(frac).padStart(3, '0')}` : hh;
}

export function registerSeal(program: Command): void {
  const seal = program
    .command('seal')
    .description("seal a range of a session's recording (judge): only a judge may play it, clips leave it out")
    // Not mandatory here: commander checks a parent's mandatory options before `seal list` / `seal lift` run.
    .addOption(dataOption(false))
    .addOption(actingPinFileOption())
    .option('--session <id>', 'the recording session')
    .option('--from <hh:mm:ss>', 'start of the range on the recording')
    .option('--to <hh:mm:ss>', 'end of the range on the recording')
    .option('--reason <reason>', SEAL_REASONS.join(' | '))
    .option('--text <words>', 'why, in words (required with --reason other)')
    .option('--json', 'print the seal record as JSON')
    .action(async (o: { data?: string; session?: string; from?: string; to?: string; reason?: string; text?: string; json?: boolean }, cmd: Command) => {
      const t = translator(cliLanguage(cmd));
      for (const k of ['data', 'session', 'from', 'to', 'reason'] as const) if (!o[k]) throw new HattamaError('app.badArgument', { detail: `--${k} is required` });
      if (!(SEAL_REASONS as readonly string[]).includes(o.reason!)) throw new HattamaError('app.badArgument', { detail: `--reason ${o.reason} (${SEAL_REASONS.join(', ')})` });
      const input = { sessionId: o.session!, fromMs: parseClock('--from', o.from!), toMs: parseClock('--to', o.to!), reason: o.reason as (typeof SEAL_REASONS)[number], ...(o.text ? { text: o.text } : {}) };
      const r = await withStation(o.data!, (s) => s.call('review.seal', input));
      out(o.json ? JSON.stringify(r) : t('review:cli.sealed', { sessionId: input.sessionId, from: clockOf(r.fromMs), to: clockOf(r.toMs), reason: t(`review:sealReasons.${r.reason}`), file: r.file }));
    });

  // `seal`'s own options (--data, --session, --text, --json) are parsed by `seal` wherever they
  // stand, so the sub-commands read them with their parent's (optsWithGlobals).
  seal
    .command('list')
    .description("a session's seal records, oldest first")
    .addOption(dataOption(false))
    .addOption(actingPinFileOption())
    .option('--session <id>', 'the recording session')
    .option('--json', 'print JSON')
    .action(async (_o: unknown, cmd: Command) => {
      const o = needs(parentOpts<{ data?: string; session?: string; json?: boolean }>(cmd), ['data', 'session']);
      const t = translator(cliLanguage(cmd));
      const r = await withStation(o.data, (s) => s.call('review.seals', { sessionId: o.session }));
      if (o.json) return out(JSON.stringify(r, null, 2));
      if (!r.records.length) return out(t('review:cli.noSeals'));
      for (const x of r.records) out(line(t, x, r.records));
    });

  seal
    .command('lift')
    .description('lift a seal (judge), with the reason: a new record; the seal stays in the evidence')
    .addOption(dataOption(false))
    .addOption(actingPinFileOption())
    .option('--session <id>', 'the recording session')
    .option('--seal <n>', 'the seal number (hattama seal list)')
    .option('--text <words>', 'why it is lifted')
    .action(async (_o: unknown, cmd: Command) => {
      const o = needs(parentOpts<{ data?: string; session?: string; seal?: string; text?: string }>(cmd), ['data', 'session', 'seal', 'text']);
      const t = translator(cliLanguage(cmd));
      if (!/^\d+$/.test(o.seal)) throw new HattamaError('app.badArgument', { detail: `--seal ${o.seal}` });
      const r = await withStation(o.data, (s) => s.call('review.unseal', { sessionId: o.session, seal: Number(o.seal), text: o.text }));
      out(t('review:cli.unsealed', { sessionId: o.session, seal: r.sealSeq, file: r.file }));
    });
}

/** `seal`'s options as the sub-command's; the acting person's --pin-file too, when `seal` took it. */
function parentOpts<O>(cmd: Command): O {
  const parent = cmd.parent!;
  if (!(cmd.opts() as { pinFile?: string }).pinFile && parent.parent) setCliIdentity(identityFromCommand(parent.parent, parent));
  return cmd.optsWithGlobals<O & Record<string, unknown>>();
}

/** The options `keys` given, else the usage error commander would have given. */
function needs<O extends Record<string, unknown>, K extends keyof O & string>(o: O, keys: K[]): O & { [P in K]-?: string } {
  for (const k of keys) if (!o[k]) throw new HattamaError('app.badArgument', { detail: `--${k} is required` });
  return o as O & { [P in K]-?: string };
}

function line(t: (k: string, p?: Record<string, unknown>) => string, x: SealRecordView, all: SealRecordView[]): string {
  const sealed = x.op === 'seal' ? x : all.find((y) => y.seq === x.sealSeq);
  return t('review:cli.sealLine', {
    seq: x.seq,
    op: t(`review:cli.ops.${x.op}`),
    from: clockOf(sealed?.fromMs ?? null),
    to: clockOf(sealed?.toMs ?? null),
    reason: x.op === 'seal' ? t(`review:sealReasons.${x.reason}`) + (x.text ? ` (${x.text})` : '') : x.text ?? '',
    by: x.by,
    at: x.at,
  });
}
