import { HattamaError } from '../../common/errors';

/** A failed write of the record as the person reads it: the disk is full, or what the system said. */
export function writeError(e: unknown, folder: string): HattamaError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return new HattamaError('recording.diskFull', { folder }, undefined, { cause: e });
  return new HattamaError('recording.writeFailed', { folder, detail: String(code ?? (e as Error).message) }, undefined, { cause: e });
}
