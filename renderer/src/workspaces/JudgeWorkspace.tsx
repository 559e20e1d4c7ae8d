import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SearchPanel } from '../secretary/SearchPanel';

/** The judge's review: find the moment across all protocols. Playback of the recording arrives with the review capability. */
export function JudgeWorkspace() {
  const { t } = useTranslation();
  const [error, setError] = useState('');
  return (
    <section className="ws ws-judge">
      <h1>{t('workspaces.judge')}</h1>
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
      <SearchPanel onError={setError} />
      <p className="placeholder">{t('plans.judge')}</p>
    </section>
  );
}
