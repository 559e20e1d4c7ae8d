import { useTranslation } from 'react-i18next';

export function JudgeWorkspace() {
  const { t } = useTranslation();
  return (
    <section className="ws ws-judge">
      <h1>{t('workspaces.judge')}</h1>
      <p className="placeholder">{t('plans.judge')}</p>
    </section>
  );
}
