import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { screenOf, useAuth } from '../auth/auth-store';
import { msUntilLock } from '../auth/idle-lock';
import { api, useConnection, useCoreValue } from '../core/core-client';
import { decimal } from '../secretary/format';

function minutesSeconds(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Always visible: is the core there, how much recording fits on the disk, the idle lock's countdown, the core's clock. */
export function StatusBar() {
  const { t, i18n } = useTranslation();
  const connection = useConnection();
  const status = useCoreValue(() => api().app.status({}), (h) => api().on.app.status(h));
  const recording = useCoreValue(() => api().recording.state({}), (h) => api().on.recording.state(h));
  const sync = useCoreValue(() => api().sync.state({}), (h) => api().on.sync.state(h));
  const screen = screenOf(useAuth());
  const untilLock = msUntilLock();
  const [, tick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, []);

  // The core's clock, advanced locally between pushes.
  const offset = status ? status.now - Date.now() : 0;
  const clock = new Date(Date.now() + offset).toLocaleTimeString(i18n.language === 'en' ? 'en-GB' : i18n.language);
  return (
    <>
      {status?.settingsProblems.map((p) => (
        <div key={p.keptAs} className="error-banner settings-problem" role="alert">
          {t('settings:invalidFile', { reason: p.reason, keptAs: p.keptAs })}
        </div>
      ))}
      <footer className="statusbar" role="status">
        <span className={`conn conn-${connection}`} data-testid="connection">
          {t(`status.${connection}`)}
        </span>
        {status && (
          <span data-testid="free-space">
            {t('status.freeSpace', {
              gb: decimal(status.freeBytes / 1e9, i18n.language),
              hours: Math.floor(status.freeHours),
              channels: status.channels,
            })}
          </span>
        )}
        {recording && connection !== 'connected' ? (
          <span className="rec rec-lost" data-testid="status-recording">
            {t('secretary:recording.lost')}
          </span>
        ) : (
          recording && (
            <span className={`rec rec-${recording.state}`} data-testid="status-recording">
              {t(`recording:state.${recording.state}`)}
            </span>
          )
        )}
        {sync?.enrolled && (
          <span data-testid="status-sync" className={sync.online ? '' : 'warn'}>
            {sync.online ? t('sync:online') : t('sync:offline')} · {t('sync:queue', { count: sync.queueLength })}
          </span>
        )}
        <span className="spacer" />
        {untilLock !== null && (
          <span data-testid="lock-countdown" className={untilLock < 60_000 ? 'warn' : ''}>
            {t('signin:status.countdown', { time: minutesSeconds(untilLock) })}
          </span>
        )}
        {screen === 'locked' && <span data-testid="lock-countdown" className="warn">{t('signin:status.locked')}</span>}
        {screen === 'signIn' && <span data-testid="lock-countdown">{t('signin:status.signedOut')}</span>}
        <span data-testid="clock">
          {t('status.clock')}: {clock}
        </span>
      </footer>
    </>
  );
}
