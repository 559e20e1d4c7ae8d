import { useCallback, useEffect, useState } from 'react';
import { api } from '../core/core-client';
import { useTranslation } from 'react-i18next';
import { HearingList } from '../secretary/HearingList';
import { HearingView } from '../secretary/HearingView';
import { RecordingProvider } from '../secretary/recording-context';
import { SearchPanel } from '../secretary/SearchPanel';

/** The secretary's console: pick the hearing, record it, keep its protocol. */
export function SecretaryWorkspace() {
  const { t } = useTranslation('secretary');
  const [hearingId, setHearingId] = useState<number | null>(null);
  const [error, setError] = useState('');
  const [searching, setSearching] = useState(false);
  const open = (id: number) => {
    setHearingId(id);
    setSearching(false);
    setError('');
  };
  const onError = useCallback((m: string) => setError(m), []);
  // An error is about the last action: once something goes through (the protocol or the recorder
  // changed), it is stale and goes.
  useEffect(() => {
    const offProtocol = api().on.protocol.changed(() => setError(''));
    const offRecording = api().on.recording.state(() => setError(''));
    return () => {
      offProtocol();
      offRecording();
    };
  }, []);

  return (
    <RecordingProvider>
      <section className="ws ws-secretary">
        <h1 className="visually-hidden">{t('app:workspaces.secretary')}</h1>
        {error && (
          <div className="error-banner" role="alert" data-testid="error">
            <span>{error}</span>
            <button type="button" onClick={() => setError('')} aria-label={t('recording.dismiss')}>
              ×
            </button>
          </div>
        )}
        <div className="secretary-layout">
          <div>
            <HearingList selected={hearingId} onOpen={open} onError={onError} />
            <button type="button" className="wide" aria-pressed={searching} onClick={() => setSearching(!searching)}>
              {t('search.heading')}
            </button>
          </div>
          {searching ? (
            <SearchPanel onOpen={open} onError={onError} />
          ) : hearingId ? (
            <HearingView key={hearingId} hearingId={hearingId} onError={onError} />
          ) : (
            <p className="placeholder">{t('pickHearing')}</p>
          )}
        </div>
      </section>
    </RecordingProvider>
  );
}
