import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignedIn } from '../../../common/contract/people';
import { SignedInPanel } from '../signin/SignedInPanel';
import { workspacesFor, type WorkspaceId } from './workspaces';

export function Home({ person, onOpen }: { person: SignedIn; onOpen: (id: WorkspaceId) => void }) {
  const { t } = useTranslation();
  const shown = useMemo(() => workspacesFor(person), [person]);
  // On the home screen the bare digit opens a workspace (only one the person may use).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || (e.target as HTMLElement).closest('input, textarea, select')) return;
      const ws = shown.find((w) => w.key === e.key);
      if (ws) onOpen(ws.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onOpen, shown]);

  return (
    <section className="home">
      <h1>{t('title')}</h1>
      <p className="subtitle">{t('subtitle')}</p>
      <SignedInPanel person={person} />
      <div className="tiles">
        {shown.map((w, i) => (
          <button key={w.id} type="button" className="tile" onClick={() => onOpen(w.id)} autoFocus={i === 0}>
            <span className="tile-key" aria-hidden="true">{w.key}</span>
            <span className="tile-title">{t(`workspaces.${w.id}`)}</span>
            <span className="tile-hint">{t(`workspaces.${w.id}Hint`)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
