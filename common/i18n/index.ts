import app from './app';
import settings from './settings';
import recording from './recording';
import sync from './sync';
import protocol from './protocol';
import secretary from './secretary';
import video from './video';
import review from './review';
import hearing from './hearing';
import people from './people';
import auth from './auth';
import signin from './signin';
import audit from './audit';
import roomcheck from './roomcheck';
import signcheck from './signcheck';
import corrections from './corrections';
import header from './header';
import copies from './copies';
import observe from './observe';
import type { Language } from '../settings';
import type { Messages } from './define';

// Every namespace of user-visible text. A new domain adds its file here (one line).
export const namespaces = {
  app,
  settings,
  recording,
  sync,
  protocol,
  secretary,
  video,
  review,
  hearing,
  people,
  auth,
  signin,
  audit,
  roomcheck,
  signcheck,
  corrections,
  header,
  copies,
  observe,
};

export type Namespace = keyof typeof namespaces;
export const NAMESPACES = Object.keys(namespaces) as Namespace[];

/** i18next `resources`: { kk: { app: {...}, settings: {...} }, ru: ..., en: ... }. */
export function i18nResources(): Record<Language, Record<string, Messages>> {
  const out: Record<Language, Record<string, Messages>> = { kk: {}, ru: {}, en: {} };
  for (const [ns, m] of Object.entries(namespaces)) {
    out.kk[ns] = m.kk;
    out.ru[ns] = m.ru as Messages;
    out.en[ns] = m.en as Messages;
  }
  return out;
}

/** The one i18next configuration, for the core's translator and the renderer alike. */
export function i18nOptions(lng: Language) {
  return {
    lng,
    fallbackLng: false as const,
    resources: i18nResources(),
    defaultNS: 'app',
    initAsync: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  };
}
