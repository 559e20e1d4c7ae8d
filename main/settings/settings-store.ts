import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { invalidInput } from '../i18n/translator';
import { SettingsPatchSchema, SettingsSchema, type Settings, type SettingsPatch } from '../../common/settings';

/** What the core needs of settings, whoever stores them (conf headless, electron-store in the shell). */
export interface SettingsStore {
  get(): Settings;
  /** Validates the merged result; throws HattamaError('settings.invalid') naming the fields. */
  update(patch: SettingsPatch): Settings;
  onChange(listener: (s: Settings) => void): () => void;
  /** Problems found when the file was loaded: the bad file is kept aside, defaults are used. */
  readonly problems: readonly SettingsProblem[];
  readonly path: string;
}

export interface SettingsProblem {
  reason: string;
  keptAs: string;
}

/** The part of conf / electron-store we use: both expose `store` (read and write) and `path`. */
export interface ConfLike {
  store: Record<string, unknown>;
  readonly path: string;
}

/**
 * Shared by both implementations: `open` constructs conf or electron-store for a file. Before
 * it does, the file is checked against the schema; a bad file is renamed aside (never
 * overwritten) and reported, and the defaults are used.
 */
export function createSettingsStore(file: string, open: () => ConfLike): SettingsStore {
  const problems: SettingsProblem[] = [];
  let salvagedStationId: string | undefined;
  if (fs.existsSync(file)) {
    const check = checkFile(file);
    if (check) {
      const keptAs = `${file}.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(file, keptAs);
      problems.push({ reason: check.reason, keptAs });
      salvagedStationId = check.stationId;
    }
  }
  const conf = open();
  const stored = conf.store;
  const full = SettingsSchema.parse({ ...stored, stationId: stored.stationId ?? salvagedStationId ?? newStationId() });
  conf.store = full as unknown as Record<string, unknown>;
  // conf re-reads and re-parses the file on every access; the core asks on every call, so the
  // validated settings are kept here and the file is only written. This process is its only writer.
  let current: Settings = full;

  const listeners = new Set<(s: Settings) => void>();
  return {
    path: conf.path,
    problems,
    get: () => current,
    update(patch) {
      const p = SettingsPatchSchema.safeParse(patch);
      if (!p.success) throw invalidInput(p.error.issues, current.language, 'settings.invalid');
      // Nested groups (audio, security, ...) merge one level: a patch of one field keeps the others.
      const merged: Record<string, unknown> = { ...current };
      for (const [k, v] of Object.entries(p.data)) {
        const was = (current as Record<string, unknown>)[k];
        merged[k] = isGroup(v) && isGroup(was) ? { ...was, ...v } : v;
      }
      const next = SettingsSchema.safeParse(merged);
      if (!next.success) throw invalidInput(next.error.issues, current.language, 'settings.invalid');
      conf.store = next.data as unknown as Record<string, unknown>;
      current = next.data;
      for (const l of listeners) l(next.data);
      return next.data;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** null when the file is good; else why, and a station id worth keeping if it had one. */
function checkFile(file: string): { reason: string; stationId?: string } | null {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return { reason: `not JSON: ${(e as Error).message}` };
  }
  const r = SettingsSchema.safeParse(raw);
  if (r.success) return null;
  const id = (raw as { stationId?: unknown } | null)?.stationId;
  const stationId = SettingsSchema.shape.stationId.safeParse(id).success ? (id as string) : undefined;
  const reason = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return { reason, ...(stationId ? { stationId } : {}) };
}

function newStationId(): string {
  return `st-${randomBytes(6).toString('hex')}`;
}

/** The headless store: conf, the library electron-store is built on, on the same schema. */
export async function openConfSettings(dataDir: string): Promise<SettingsStore> {
  const { default: Conf } = await import('conf');
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'settings.json');
  return createSettingsStore(file, () => new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'settings' }) as unknown as ConfLike);
}

const isGroup = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
