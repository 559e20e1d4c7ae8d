import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { HattamaError } from '../../common/errors';
import { LANGUAGES, type Language } from '../../common/settings';
import type { Core } from '../core/core';
import { createLogger } from '../log/logger';
import { openConfSettings } from '../settings/settings-store';

/** `--data DIR`, the option almost every command takes. */
export function dataOption(required = true): Option {
  const o = new Option('--data <dir>', 'data directory (recordings, database, settings, logs)');
  return required ? o.makeOptionMandatory() : o;
}

export function langOption(): Option {
  return new Option('--lang <lang>', 'language of messages').choices(LANGUAGES as unknown as string[]);
}

/** Resolves and checks a data directory: it must exist or be creatable, and be writable. */
export function ensureDataDir(dir: string): string {
  const abs = path.resolve(dir);
  try {
    fs.mkdirSync(abs, { recursive: true });
    fs.accessSync(abs, fs.constants.W_OK);
  } catch (e) {
    throw new HattamaError('app.dataDirUnwritable', { path: abs }, undefined, { cause: e });
  }
  return abs;
}

/** The headless core on a data directory, as the CLI commands use it. */
export async function openCore(dataDir: string, opts: { sync?: boolean } = {}): Promise<Core> {
  const dir = ensureDataDir(dataDir);
  const settings = await openConfSettings(dir);
  const { log, file } = createLogger(dir, { sync: opts.sync ?? true });
  // Loaded here, not at the top: the whole core (Fastify, pdfkit, tus, ...) is ~1 s of CPU that
  // commands which do not need it (record, verify) must not pay.
  const { createCore } = await import('../core/core');
  return createCore({ dataDir: dir, settings, log, logFile: file });
}

/** Language for CLI messages: --lang, else HATTAMA_LANG, else the data directory's settings, else Kazakh. */
export function cliLanguage(cmd: Command | undefined): Language {
  const opts = (cmd?.optsWithGlobals?.() ?? {}) as { lang?: string; data?: string };
  const pick = (v: unknown): Language | undefined => (LANGUAGES as readonly string[]).includes(String(v)) ? (v as Language) : undefined;
  const fromOpt = pick(opts.lang) ?? pick(process.env.HATTAMA_LANG);
  if (fromOpt) return fromOpt;
  if (opts.data) {
    try {
      const s = JSON.parse(fs.readFileSync(path.join(opts.data, 'settings.json'), 'utf8')) as { language?: unknown };
      const l = pick(s.language);
      if (l) return l;
    } catch {
      // no settings yet: the default applies
    }
  }
  return 'kk';
}
