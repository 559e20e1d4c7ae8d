import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../common/contract/protocol';
import { api } from '../core/core-client';
import { formatPosition, dateTime, timeOfDay, errorText } from './format';

/** Full-text search over every protocol on this station: words, participant, case number, dates. */
export function SearchPanel({ onOpen, onError }: { onOpen?(hearingId: number): void; onError(m: string): void }) {
  const { t, i18n } = useTranslation('secretary');
  const [q, setQ] = useState({ text: '', participant: '', caseNumber: '', from: '', to: '' });
  const [hits, setHits] = useState<SearchHit[] | null>(null);

  async function run(e: FormEvent) {
    e.preventDefault();
    const dayStart = (d: string) => new Date(`${d}T00:00:00`).toISOString();
    const dayAfter = (d: string) => new Date(new Date(`${d}T00:00:00`).getTime() + 86_400_000).toISOString();
    const r = await api().protocol.search({
      ...(q.text.trim() ? { text: q.text.trim() } : {}),
      ...(q.participant.trim() ? { participant: q.participant.trim() } : {}),
      ...(q.caseNumber.trim() ? { caseNumber: q.caseNumber.trim() } : {}),
      ...(q.from ? { from: dayStart(q.from) } : {}),
      ...(q.to ? { to: dayAfter(q.to) } : {}),
    });
    if (r.ok) setHits(r.value);
    else onError(errorText(r.error, t));
  }
  const field = (name: keyof typeof q, type = 'search') => (
    <label>
      {t(`search.${name}`)}
      <input type={type} value={q[name]} onChange={(e) => setQ({ ...q, [name]: e.target.value })} />
    </label>
  );
  return (
    <section className="search-panel" aria-labelledby="search-heading">
      <h2 id="search-heading">{t('search.heading')}</h2>
      <form className="search-form" onSubmit={run}>
        {field('text')}
        {field('participant')}
        {field('caseNumber')}
        {field('from', 'date')}
        {field('to', 'date')}
        <button type="submit" className="primary">
          {t('search.run')}
        </button>
      </form>
      {hits && (
        <>
          <p className="muted">{hits.length === 0 ? t('search.none') : t('search.results', { count: hits.length })}</p>
          <ol className="hits">
            {hits.map((h, i) => (
              <li key={`${h.hearing.id}-${h.entry?.id ?? 'h'}-${i}`} data-testid="search-hit">
                <div>
                  <strong>{h.hearing.caseNumber}</strong> <span className="muted">{dateTime(h.hearing.actualStart ?? h.hearing.scheduledStart, i18n.language)}</span>
                  {h.entry && (
                    <span className="mono">
                      {' '}
                      {timeOfDay(h.entry.startedAt, i18n.language)} · {formatPosition(h.entry.recordingPositionMs)}
                    </span>
                  )}
                </div>
                <div className="snippet">{h.snippet}</div>
                {onOpen && (
                  <button type="button" onClick={() => onOpen(h.hearing.id)}>
                    {t('search.open')}
                  </button>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
