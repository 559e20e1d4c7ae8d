import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { i18nOptions } from '../../common/i18n/index';
import type { Language } from '../../common/settings';

export function initI18n(lng: Language = 'kk'): typeof i18next {
  void i18next.use(initReactI18next).init(i18nOptions(lng) as Parameters<typeof i18next.init>[0]);
  return i18next;
}

export function setLanguage(lng: Language): void {
  if (i18next.language !== lng) void i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
}
