import { useTranslation } from 'react-i18next';
import { SettingsForm } from '../components/SettingsForm';
import { CamerasPanel } from '../technician/CamerasPanel';
import { MicCheckPanel } from '../technician/MicCheckPanel';
import { RoomTestPanel } from '../technician/RoomTestPanel';
import { SyncPanel } from '../technician/SyncPanel';

export function TechnicianWorkspace() {
  const { t } = useTranslation();
  return (
    <section className="ws ws-technician">
      <h1>{t('workspaces.technician')}</h1>
      <div className="technician-layout">
        <SettingsForm />
        <div>
          <RoomTestPanel />
          <MicCheckPanel />
          <CamerasPanel />
          <SyncPanel />
        </div>
      </div>
    </section>
  );
}
