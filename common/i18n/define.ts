// Messages are kept per domain, the three languages side by side in one file, so that a
// translator sees them together and the type checker rejects a key missing in any language.

export type Messages = { [key: string]: string | Messages };

/** The same keys as T, any strings. */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

export interface DomainMessages<T extends Messages> {
  kk: T;
  ru: SameKeys<T>;
  en: SameKeys<T>;
}

/** Kazakh is written first and is the reference; Russian and English must have exactly its keys. */
export function defineMessages<T extends Messages>(m: DomainMessages<T>): DomainMessages<T> {
  return m;
}
