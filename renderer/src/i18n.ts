import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { i18nResources } from '../../common/i18n/index';
import type { Language } from '../../common/settings';

export function initI18n(lng: Language = 'kk'): typeof i18next {
  void i18next.use(initReactI18next).init({
    lng,
    fallbackLng: false,
    resources: i18nResources(),
    defaultNS: 'app',
    initAsync: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  } as Parameters<typeof i18next.init>[0]);
  return i18next;
}

export function setLanguage(lng: Language): void {
  if (i18next.language !== lng) void i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
}
