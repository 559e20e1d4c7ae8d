import { useTranslation } from 'react-i18next';
import { SettingsForm } from '../components/SettingsForm';
import { SyncPanel } from '../technician/SyncPanel';

export function TechnicianWorkspace() {
  const { t } = useTranslation();
  return (
    <section className="ws ws-technician">
      <h1>{t('workspaces.technician')}</h1>
      <div className="technician-layout">
        <SettingsForm />
        <div>
          <SyncPanel />
        </div>
      </div>
    </section>
  );
}
