import { HattamaError, type Result } from '../../common/errors';
import type { Language } from '../../common/settings';
import { toErrorPayload } from '../i18n/translator';

// Opening an export in the system's viewer (where the person reads or prints it) is the desktop
// shell's: the core has checked the path (a file it wrote under DATA/protocols/) and answered
// with it; the shell only opens what the core answered, never a path from the renderer.

/** Opens a file (or shows it in its folder); '' when done, else the system's reason. */
export type OpenPath = (file: string, reveal: boolean) => Promise<string>;

/** A successful `protocol.openFile`: opens the path the core answered with. */
export async function openCheckedFile(input: unknown, result: Result<unknown>, open: OpenPath, lang: Language): Promise<Result<unknown>> {
  if (!result.ok) return result;
  const file = (result.value as { path: string }).path;
  const reveal = (input as { reveal?: unknown } | null)?.reveal === true;
  const failed = await open(file, reveal).catch((e: unknown) => String((e as Error)?.message ?? e));
  if (failed) return { ok: false, error: toErrorPayload(new HattamaError('protocol.openFailed', { path: file, detail: failed }), lang) };
  return result;
}
