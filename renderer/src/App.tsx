import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { screenOf, useAuth } from './auth/auth-store';
import { CoreLostBanner } from './components/CoreLostBanner';
import { LanguageSwitch } from './components/LanguageSwitch';
import { StatusBar } from './components/StatusBar';
import { api, useCoreValue } from './core/core-client';
import { setLanguage } from './i18n';
import { BootstrapScreen } from './signin/BootstrapScreen';
import { SignInScreen } from './signin/SignInScreen';
import './signin/signin.css';
import { AdminWorkspace } from './workspaces/AdminWorkspace';
import { Home } from './workspaces/Home';
import { JudgeWorkspace } from './workspaces/JudgeWorkspace';
import { SecretaryWorkspace } from './workspaces/SecretaryWorkspace';
import { TechnicianWorkspace } from './workspaces/TechnicianWorkspace';
import { workspacesFor, type WorkspaceId } from './workspaces/workspaces';

export function App() {
  const { t } = useTranslation();
  const [view, setView] = useState<WorkspaceId | 'home'>('home');
  const settings = useCoreValue(() => api().settings.get({}), (h) => api().on.settings.changed(h));
  const auth = useAuth();
  const screen = screenOf(auth);
  // While locked or switching, the workspaces of the person signed in stay as they were behind the sign-in screen.
  const person = auth.session?.person ?? auth.lockedFor;
  const shown = useMemo(() => workspacesFor(person), [person]);
  const current = view !== 'home' && !shown.some((w) => w.id === view) ? 'home' : view;

  useEffect(() => {
    if (settings) setLanguage(settings.language);
  }, [settings]);
  // Another person starts on the home screen.
  useEffect(() => setView('home'), [person?.id]);

  // Alt+1..4 open a workspace the person may use, from anywhere; Alt+0 goes home.
  const onKey = useCallback(
    (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === '0' || e.code === 'Digit0') {
        setView('home');
        e.preventDefault();
        return;
      }
      const ws = shown.find((w) => e.code === `Digit${w.key}`);
      if (ws) {
        setView(ws.id);
        e.preventDefault();
      }
    },
    [shown],
  );
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKey]);

  const behind = screen !== 'in';
  return (
    <div className="app">
      <header className="topbar">
        <button type="button" className="brand" onClick={() => setView('home')} title={t('shortcut', { keys: 'Alt+0' })} disabled={behind}>
          {t('title')}
        </button>
        <nav className="tabs" aria-label={t('home')} hidden={behind}>
          {shown.map((w) => (
            <button
              key={w.id}
              type="button"
              className={current === w.id ? 'tab active' : 'tab'}
              aria-current={current === w.id ? 'page' : undefined}
              onClick={() => setView(w.id)}
              title={t('shortcut', { keys: `Alt+${w.key}` })}
            >
              {t(`workspaces.${w.id}`)}
            </button>
          ))}
        </nav>
        <LanguageSwitch current={settings?.language} />
      </header>
      <CoreLostBanner />
      <main className="workspace">
        {screen === 'signIn' && (auth.session?.bootstrap ? <BootstrapScreen /> : <SignInScreen mode="signIn" lockedFor={null} current={null} notice={auth.notice} />)}
        {(screen === 'locked' || screen === 'switch') && <SignInScreen key={screen} mode={screen} lockedFor={auth.lockedFor} current={auth.session?.person ?? null} notice={auth.notice} />}
        {person && (screen === 'in' || screen === 'locked' || screen === 'switch') && (
          // Keyed by the person: another person starts from the home screen with nothing of the last one's drafts.
          <div key={person.id} className="workspace-body" hidden={behind} inert={behind}>
            {current === 'home' && <Home person={person} onOpen={setView} />}
            {current === 'secretary' && <SecretaryWorkspace />}
            {current === 'judge' && <JudgeWorkspace />}
            {current === 'technician' && <TechnicianWorkspace />}
            {current === 'admin' && <AdminWorkspace />}
          </div>
        )}
      </main>
      <StatusBar />
    </div>
  );
}
