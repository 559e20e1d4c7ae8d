import { useTranslation } from 'react-i18next';

export function SecretaryWorkspace() {
  const { t } = useTranslation();
  return (
    <section className="ws ws-secretary">
      <h1>{t('workspaces.secretary')}</h1>
      <p className="placeholder">{t('plans.secretary')}</p>
    </section>
  );
}
