import { useTranslation } from 'react-i18next';
import { SettingsForm } from '../components/SettingsForm';

export function TechnicianWorkspace() {
  const { t } = useTranslation();
  return (
    <section className="ws ws-technician">
      <h1>{t('workspaces.technician')}</h1>
      <SettingsForm />
    </section>
  );
}
