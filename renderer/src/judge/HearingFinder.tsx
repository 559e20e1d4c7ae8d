import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hearing } from '../../../common/contract/protocol';
import { api } from '../core/core-client';
import { SearchPanel } from '../secretary/SearchPanel';
import { dateTime } from '../secretary/format';

/** Find the hearing: the last 30 days at a glance (filter by case number), or search every protocol. */
export function HearingFinder({ onOpen, onError }: { onOpen(hearingId: number): void; onError(m: string): void }) {
  const { t, i18n } = useTranslation('review');
  const [filter, setFilter] = useState('');
  const [hearings, setHearings] = useState<Hearing[] | null>(null);

  useEffect(() => {
    let live = true;
    const id = window.setTimeout(() => {
      void api()
        .protocol.hearings({ scope: filter.trim() ? 'all' : 'recent', ...(filter.trim() ? { caseNumber: filter.trim() } : {}) })
        .then((r) => live && (r.ok ? setHearings(r.value) : onError(r.error.message)));
    }, 150);
    return () => {
      live = false;
      window.clearTimeout(id);
    };
  }, [filter, onError]);

  return (
    <div className="judge-finder">
      <section className="recent" aria-labelledby="recent-heading">
        <h2 id="recent-heading">{t('recent')}</h2>
        <input type="search" className="recent-filter" aria-label={t('filter')} placeholder={t('filter')} value={filter} onChange={(e) => setFilter(e.target.value)} />
        {hearings?.length === 0 && <p className="muted">{t('recentEmpty')}</p>}
        <ul className="recent-list">
          {hearings?.map((h) => (
            <li key={h.id}>
              <button type="button" className="recent-item" data-testid="judge-hearing" onClick={() => onOpen(h.id)}>
                <strong>{h.caseNumber}</strong>
                <span className="muted">{dateTime(h.actualStart ?? h.scheduledStart, i18n.language)}</span>
                <span className="muted">
                  {h.courtroom} · {t(`protocol:status.${h.status}`, { defaultValue: h.status })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <SearchPanel onOpen={onOpen} onError={onError} />
    </div>
  );
}
