import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../common/contract/protocol';
import { snippetParts } from '../../../common/protocol/search-marks';
import { api } from '../core/core-client';
import { formatPosition, dateTime, timeOfDay, errorText } from './format';

/** Full-text search over every protocol on this station: words, participant, case number, dates. */
export function SearchPanel({ onOpen, onError }: { onOpen?(hearingId: number): void; onError(m: string): void }) {
  const { t, i18n } = useTranslation('secretary');
  const [q, setQ] = useState({ text: '', participant: '', caseNumber: '', from: '', to: '' });
  const [hits, setHits] = useState<SearchHit[] | null>(null);

  async function run(e: FormEvent) {
    e.preventDefault();
    // Dates as the court writes them, dd.MM.yyyy (a browser's date field follows the browser's own locale).
    const day = (d: string): Date | null => {
      const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(d.trim());
      const date = m ? new Date(Number(m[3]), Number(m[2]) - 1, Number(m[1])) : null;
      return date && date.getDate() === Number(m![1]) ? date : null;
    };
    for (const d of [q.from, q.to]) if (d.trim() && !day(d)) return onError(t('search.badDate', { date: d.trim() }));
    const dayStart = (d: string) => day(d)!.toISOString();
    const dayAfter = (d: string) => new Date(day(d)!.getTime() + 86_400_000).toISOString();
    const r = await api().protocol.search({
      ...(q.text.trim() ? { text: q.text.trim() } : {}),
      ...(q.participant.trim() ? { participant: q.participant.trim() } : {}),
      ...(q.caseNumber.trim() ? { caseNumber: q.caseNumber.trim() } : {}),
      ...(q.from ? { from: dayStart(q.from) } : {}),
      ...(q.to ? { to: dayAfter(q.to) } : {}),
    });
    // Done: an error left from before is stale.
    if (r.ok) {
      setHits(r.value);
      onError('');
    } else onError(errorText(r.error, t));
  }
  const field = (name: keyof typeof q, date = false) => (
    <label>
      {t(`search.${name}`)}
      <input type={date ? 'text' : 'search'} inputMode={date ? 'numeric' : undefined} size={date ? 11 : undefined} placeholder={date ? t('search.datePlaceholder') : undefined} value={q[name]} onChange={(e) => setQ({ ...q, [name]: e.target.value })} />
    </label>
  );
  return (
    <section className="search-panel" aria-labelledby="search-heading">
      <h2 id="search-heading">{t('search.heading')}</h2>
      <form className="search-form" onSubmit={run}>
        {field('text')}
        {field('participant')}
        {field('caseNumber')}
        {field('from', true)}
        {field('to', true)}
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
                  {h.entry && (
                    <span className="hit-kind" data-testid="hit-kind">
                      {' '}
                      {h.matched === 'kind' ? <mark>{t(`protocol:kinds.${h.entry.kind}`)}</mark> : t(`protocol:kinds.${h.entry.kind}`)}
                    </span>
                  )}
                </div>
                <div className="snippet">
                  {snippetParts(h.snippet).map((p, j) => (p.match ? <mark key={j}>{p.text}</mark> : <span key={j}>{p.text}</span>))}
                </div>
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
