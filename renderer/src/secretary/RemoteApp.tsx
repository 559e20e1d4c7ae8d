import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../../common/contract/protocol';
import { MAX_APP_NAME } from '../../../common/protocol/text';
import { api } from '../core/core-client';
import { errorText } from './format';

/**
 * A remote participant's video-conference program ("TrueConf"), typed on the roster line and
 * saved with Enter or on leaving the field; the core cleans, checks and keeps it (and prints it
 * in the protocol). Keys typed here stay here: the line's P/A/R keys would mark attendance.
 */
export function RemoteApp({ p, editable, onError }: { p: Participant; editable: boolean; onError(m: string): void }) {
  const { t } = useTranslation('secretary');
  const [app, setApp] = useState(p.app ?? '');
  // The core's answer (or another console's change) is what the field shows.
  useEffect(() => setApp(p.app ?? ''), [p.app]);

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (app.trim() === (p.app ?? '')) return;
    const r = await api().protocol.setAttendance({ participantId: p.id, attendance: 'remote', app });
    if (!r.ok) onError(errorText(r.error, t));
  }

  if (!editable) return p.app ? <span className="p-app">{t('fields.app')}: {p.app}</span> : null;
  return (
    <form className="p-app" onSubmit={(e) => void save(e)}>
      <label htmlFor={`p-app-${p.id}`}>{t('fields.app')}</label>
      <input
        id={`p-app-${p.id}`}
        aria-label={t('roster.appFor', { name: p.name })}
        placeholder={t('roster.appPlaceholder')}
        value={app}
        maxLength={MAX_APP_NAME}
        onChange={(e) => setApp(e.target.value)}
        onBlur={() => void save()}
        onKeyDown={(e) => e.stopPropagation()}
      />
      <button type="submit">{t('roster.appSave')}</button>
    </form>
  );
}
