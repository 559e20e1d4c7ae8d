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

/** The text of the `j`-th note `fillNotes` logs. */
export const fillText = (j: number) => `Ескертпе ${j}: куә шартқа қол қойылғанын растады, қарыз уақытында қайтарылмады.`;

/** Logs `n` notes (fillText(0..n-1)) to a hearing through the page's own door, 25 at a time, timed before anything typed later. */
export async function fillNotes(page: Page, hearingId: number, n: number): Promise<void> {
  const texts = Array.from({ length: n }, (_, j) => fillText(j));
  await page.evaluate(
    async ([hearingId, texts]) => {
      const h = (window as never as { hattama: { protocol: { logEntry(i: unknown): Promise<{ ok: boolean; error?: { message: string } }> } } }).hattama;
      const t0 = Date.now() - (texts.length + 10) * 1000;
      for (let i = 0; i < texts.length; i += 25) {
        const batch = texts.slice(i, i + 25).map((text, k) => h.protocol.logEntry({ hearingId, kind: 'note', text, startedAt: new Date(t0 + (i + k) * 1000).toISOString() }));
        for (const r of await Promise.all(batch)) if (!r.ok) throw new Error(r.error?.message);
      }
    },
    [hearingId, texts] as const,
  );
}
