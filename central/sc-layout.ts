import { SC_LANGS, type ScLang, type T } from './sc-i18n';
import type { SignedIn } from './users';

// The frame every Situation Center page shares: language, title, the person signed in, the
// language switch and sign-out, the stylesheet and the one script (files, never inline: the
// pages are served with a Content-Security-Policy that allows only 'self').

export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const LANG_NAMES: Record<ScLang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

export interface Frame {
  lang: ScLang;
  t: T;
  user: SignedIn | null;
  /** The page's own path and query, for the language links. */
  here: string;
  title?: string;
}

function langLinks(f: Frame): string {
  const [path, query = ''] = f.here.split('?');
  return SC_LANGS.map((l) => {
    const q = new URLSearchParams(query);
    q.set('lang', l);
    return l === f.lang ? `<b lang="${l}">${LANG_NAMES[l]}</b>` : `<a lang="${l}" hreflang="${l}" href="${esc(`${path}?${q}`)}">${LANG_NAMES[l]}</a>`;
  }).join(' ');
}

export function page(f: Frame, body: string): string {
  const t = f.t;
  const who = f.user
    ? `<span class="who">${esc(t('signin.signedIn', { name: f.user.name, role: t(`roles.${f.user.role}`) }))}</span>
${f.user.role === 'admin' ? `<a href="/audit">${esc(t('audit.link'))}</a>` : ''}
<form method="post" action="/signout" class="inline"><button type="submit">${esc(t('signin.signout'))}</button></form>`
    : '';
  return `<!doctype html>
<html lang="${f.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(f.title ? `${f.title} — ${t('title')}` : t('title'))}</title>
<link rel="stylesheet" href="/sc/situation.css"><script src="/sc/situation.js" defer></script></head>
<body><header><a class="brand" href="/">${esc(t('title'))}</a><nav class="langs">${langLinks(f)}</nav><div class="user">${who}</div></header>
<main>${body}</main></body></html>`;
}
