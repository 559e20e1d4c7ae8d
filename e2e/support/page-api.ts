import type { Page } from '@playwright/test';

// The page's own window.hattama, called from a test as the UI calls it (same door, same session).

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export const call = <T,>(page: Page, ns: string, method: string, input: unknown = {}) =>
  page.evaluate(
    ([ns, method, input]) => (window as never as Record<string, Record<string, Record<string, (i: unknown) => Promise<unknown>>>>).hattama![ns]![method]!(input),
    [ns, method, input] as const,
  ) as Promise<ApiResult<T>>;

/** A call that must succeed; its value. */
export async function ok<T>(page: Page, ns: string, method: string, input: unknown = {}): Promise<T> {
  const r = await call<T>(page, ns, method, input);
  if (!r.ok) throw new Error(`${ns}.${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
