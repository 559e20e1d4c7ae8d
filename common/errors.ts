// Errors that cross a boundary (IPC, the browser bridge, the CLI) carry a code, not prose:
// each side renders the code in the user's language from common/i18n.
// A code is "<namespace>.<key>"; its message lives at `<namespace>:errors.<key>`.

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. "audio.channels". */
  path: string;
  /** Already-translated explanation. */
  message: string;
}

export interface ErrorPayload {
  code: string;
  /** Translated, one line, for a person. */
  message: string;
  params?: Record<string, string | number>;
  fields?: FieldIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export class HattamaError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    readonly fields?: FieldIssue[],
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = 'HattamaError';
  }
}

export function isHattamaError(e: unknown): e is HattamaError {
  return e instanceof HattamaError;
}

/** The i18next key of an error code: "recording.deviceNotFound" -> "recording:errors.deviceNotFound". */
export function errorKey(code: string): string {
  const dot = code.indexOf('.');
  return dot < 0 ? `app:errors.${code}` : `${code.slice(0, dot)}:errors.${code.slice(dot + 1)}`;
}
