import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../common/settings';
import { api } from '../core/core-client';

/** The language is a setting: switching persists through the core, and every window follows. */
export function LanguageSwitch({ current }: { current: Language | undefined }) {
  const { t } = useTranslation();
  return (
    <label className="language">
      <span className="visually-hidden">{t('language')}</span>
      <select
        value={current ?? 'kk'}
        aria-label={t('language')}
        onChange={(e) => void api().settings.update({ patch: { language: e.target.value as Language } })}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`languageNames.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
