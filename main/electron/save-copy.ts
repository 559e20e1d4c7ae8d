import fs from 'node:fs';
import path from 'node:path';
import { HattamaError, type Result } from '../../common/errors';
import { toErrorPayload } from '../i18n/translator';
import type { Language } from '../../common/settings';

// The core writes an export only under DATA/protocols/ with a generated name. In the desktop app
// the person may also pick a place in the save dialog: the shell (not the renderer, not the
// core) asks, and copies the core's file there. The renderer can only ask for the dialog
// (`saveAs: true`); it never names a path.

/** Shows the save dialog with a suggested file name; the chosen path, or null when cancelled. */
export type AskSavePath = (suggestedName: string) => Promise<string | null>;

/** A successful `protocol.export` with `saveAs`: copies the file to the picked path and answers with it. */
export async function saveExportCopy(input: unknown, result: Result<unknown>, ask: AskSavePath, lang: Language): Promise<Result<unknown>> {
  if (!result.ok || !(input as { saveAs?: unknown } | null)?.saveAs) return result;
  const value = result.value as { path: string; bytes: number; sha256: string };
  const chosen = await ask(path.basename(value.path));
  if (!chosen) return result;
  const dest = path.resolve(chosen);
  try {
    fs.copyFileSync(value.path, dest);
  } catch (e) {
    return { ok: false, error: toErrorPayload(new HattamaError('protocol.outUnwritable', { path: dest }, undefined, { cause: e }), lang) };
  }
  return { ok: true, value: { ...value, path: dest, storedPath: value.path } };
}
