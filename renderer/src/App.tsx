import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './components/LanguageSwitch';
import { StatusBar } from './components/StatusBar';
import { api, useCoreValue } from './core/core-client';
import { setLanguage } from './i18n';
import { Home } from './workspaces/Home';
import { JudgeWorkspace } from './workspaces/JudgeWorkspace';
import { SecretaryWorkspace } from './workspaces/SecretaryWorkspace';
import { TechnicianWorkspace } from './workspaces/TechnicianWorkspace';
import { WORKSPACES, type WorkspaceId } from './workspaces/workspaces';

export function App() {
  const { t } = useTranslation();
  const [view, setView] = useState<WorkspaceId | 'home'>('home');
  const settings = useCoreValue(() => api().settings.get({}), (h) => api().on.settings.changed(h));

  useEffect(() => {
    if (settings) setLanguage(settings.language);
  }, [settings]);

  // Alt+1..3 open a workspace from anywhere, Alt+0 goes home.
  const onKey = useCallback((e: KeyboardEvent) => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === '0' || e.code === 'Digit0') {
      setView('home');
      e.preventDefault();
      return;
    }
    const ws = WORKSPACES.find((w) => e.code === `Digit${w.key}`);
    if (ws) {
      setView(ws.id);
      e.preventDefault();
    }
  }, []);
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKey]);

  return (
    <div className="app">
      <header className="topbar">
        <button type="button" className="brand" onClick={() => setView('home')} title={t('shortcut', { keys: 'Alt+0' })}>
          {t('title')}
        </button>
        <nav className="tabs" aria-label={t('home')}>
          {WORKSPACES.map((w) => (
            <button
              key={w.id}
              type="button"
              className={view === w.id ? 'tab active' : 'tab'}
              aria-current={view === w.id ? 'page' : undefined}
              onClick={() => setView(w.id)}
              title={t('shortcut', { keys: `Alt+${w.key}` })}
            >
              {t(`workspaces.${w.id}`)}
            </button>
          ))}
        </nav>
        <LanguageSwitch current={settings?.language} />
      </header>
      <main className="workspace">
        {view === 'home' && <Home onOpen={setView} />}
        {view === 'secretary' && <SecretaryWorkspace />}
        {view === 'judge' && <JudgeWorkspace />}
        {view === 'technician' && <TechnicianWorkspace />}
      </main>
      <StatusBar />
    </div>
  );
}
