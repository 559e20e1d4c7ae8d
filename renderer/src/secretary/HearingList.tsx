import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hearing } from '../../../common/contract/protocol';
import { api } from '../core/core-client';
import { dateTime } from './format';

type Scope = 'today' | 'upcoming' | 'recent';

/**
 * Pick today's hearing, or type a case number: the list narrows as you type; Enter opens the
 * highlighted hearing, or creates an ad-hoc one when nothing matches. Arrows move; Ctrl+K focuses.
 */
export function HearingList({ selected, onOpen, onError }: { selected: number | null; onOpen(id: number): void; onError(m: string): void }) {
  const { t, i18n } = useTranslation('secretary');
  const [scope, setScope] = useState<Scope>('upcoming');
  const [query, setQuery] = useState('');
  const [hearings, setHearings] = useState<Hearing[]>([]);
  const [cursor, setCursor] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      void api()
        .protocol.hearings({ scope, ...(query.trim() ? { caseNumber: query.trim() } : {}) })
        .then((r) => live && r.ok && setHearings(r.value));
    load();
    // Only changes that touch a hearing's header or status carry `hearing`; a logged entry
    // alone does not change this list, and must not cost a list query each time.
    const off = api().on.protocol.changed((c) => c.hearing && load());
    return () => {
      live = false;
      off();
    };
  }, [scope, query]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        // Selected, so that the next case number typed replaces the last one instead of joining it.
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  async function createAdHoc(caseNumber: string) {
    const r = await api().protocol.createHearing({ caseNumber });
    if (r.ok) onOpen(r.value.id);
    else onError(r.error.message);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') setCursor((c) => Math.min(c + 1, hearings.length - 1));
    else if (e.key === 'ArrowUp') setCursor((c) => Math.max(c - 1, 0));
    else if (e.key === 'Enter') {
      const h = hearings[cursor];
      if (h) onOpen(h.id);
      else if (query.trim()) void createAdHoc(query.trim());
    } else return;
    e.preventDefault();
  }

  return (
    <aside className="hearing-list" aria-labelledby="hearings-heading">
      <h2 id="hearings-heading">{t('hearings')}</h2>
      <div className="scope" role="group" aria-label={t('hearings')}>
        {(['today', 'upcoming', 'recent'] as const).map((s) => (
          <button key={s} type="button" aria-pressed={scope === s} className={scope === s ? 'on' : ''} onClick={() => setScope(s)}>
            {t(`scope${s[0]!.toUpperCase()}${s.slice(1)}`)}
          </button>
        ))}
      </div>
      <input
        ref={input}
        type="search"
        aria-label={t('findCase')}
        placeholder={t('findCase')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setCursor(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul role="listbox" aria-label={t('hearings')}>
        {hearings.map((h, i) => (
          <li
            key={h.id}
            role="option"
            aria-selected={h.id === selected}
            className={`${i === cursor ? 'cursor' : ''} ${h.id === selected ? 'selected' : ''}`}
            onClick={() => onOpen(h.id)}
          >
            <span className="case">{h.caseNumber}</span>
            <span className="when">{dateTime(h.actualStart ?? h.scheduledStart, i18n.language)}</span>
            <span className={`badge status-${h.locked ? 'signed' : h.status}`}>{t(`protocol:status.${h.locked ? 'signed' : h.status}`)}</span>
            {h.judge && <span className="judge">{h.judge}</span>}
          </li>
        ))}
      </ul>
      {hearings.length === 0 && !query.trim() && <p className="muted">{t('noHearings')}</p>}
      {hearings.length === 0 && query.trim() && (
        <button type="button" className="primary wide" onClick={() => void createAdHoc(query.trim())}>
          {t('newHearing', { caseNumber: query.trim() })}
        </button>
      )}
      <p className="hint">{t('newHearingHint')}</p>
    </aside>
  );
}
