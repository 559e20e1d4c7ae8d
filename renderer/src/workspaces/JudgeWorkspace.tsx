import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HearingFinder } from '../judge/HearingFinder';
import { ReviewView } from '../judge/ReviewView';
import '../judge/judge.css';

/** The judge's review: find the hearing, then every protocol entry jumps into its recording. */
export function JudgeWorkspace() {
  const { t } = useTranslation();
  const [error, setError] = useState('');
  const [hearingId, setHearingId] = useState<number | null>(null);
  return (
    <section className="ws ws-judge">
      <h1>{t('workspaces.judge')}</h1>
      {error && (
        <div className="error-banner" role="alert">
          {error}
          <button type="button" onClick={() => setError('')} aria-label={t('secretary:recording.dismiss')}>
            ×
          </button>
        </div>
      )}
      {hearingId === null ? <HearingFinder onOpen={setHearingId} onError={setError} /> : <ReviewView key={hearingId} hearingId={hearingId} onBack={() => setHearingId(null)} onError={setError} />}
    </section>
  );
}
