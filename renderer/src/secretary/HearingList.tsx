import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hearing } from '../../../common/contract/protocol';
import { api } from '../core/core-client';
import { dateTime, errorText } from './format';

type Scope = 'today' | 'upcoming' | 'recent';

/**
 * Pick today's hearing, or type a case number: the list narrows as you type; Enter opens the
 * highlighted hearing, or creates an ad-hoc one when nothing matches. Arrows move; Ctrl+K focuses.
 */
export function HearingList({ selected, onOpen, onError }: { selected: number | null; onOpen(id: number): void; onError(m: string): void }) {
  const { t, i18n } = useTranslation('secretary');
  const [scope, setScope] = useState<Scope>('today');
  const [query, setQuery] = useState('');
  // The list and the query it answers: a list still showing an earlier query's answer is never acted on.
  const [list, setList] = useState<{ hearings: Hearing[]; query: string; scope: Scope }>({ hearings: [], query: '', scope: 'today' });
  const hearings = list.hearings;
  const [cursor, setCursor] = useState(0);
  // Whether the cursor was moved by the arrows since the last keystroke (else Enter prefers the exact case).
  const moved = useRef(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    const q = query.trim();
    const load = () =>
      void api()
        .protocol.hearings({ scope, ...(q ? { caseNumber: q } : {}) })
        .then((r) => live && r.ok && setList({ hearings: r.value, query: q, scope }));
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
      // By the key's place: with the Kazakh or Russian layout on, K types «л».
      if ((e.ctrlKey || e.metaKey) && e.code === 'KeyK') {
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
    // Scheduled now, so that it is among today's hearings.
    const r = await api().protocol.createHearing({ caseNumber, scheduledStart: new Date().toISOString() });
    if (r.ok) onOpen(r.value.id);
    else onError(errorText(r.error, t));
  }

  /**
   * Enter acts on the answer to what the field holds now (a scanner types faster than the list
   * loads): the list on screen if it answers this query, else a fresh one. A typed case number
   * that matches a hearing exactly opens that hearing, in any tab; none: a new hearing.
   */
  async function enter(typed: string) {
    const q = typed.trim();
    const fresh = list.query === q && list.scope === scope;
    if (fresh && moved.current && hearings[cursor]) return onOpen(hearings[cursor].id);
    let shown = hearings;
    if (!fresh) {
      const r = await api().protocol.hearings({ scope, ...(q ? { caseNumber: q } : {}) });
      if (!r.ok) return onError(errorText(r.error, t));
      shown = r.value;
    }
    const exact = (hs: Hearing[]) => hs.find((h) => h.caseNumber.toLowerCase() === q.toLowerCase());
    if (!q) return shown[0] ? onOpen(shown[0].id) : undefined;
    const hit = exact(shown);
    if (hit) return onOpen(hit.id);
    const all = await api().protocol.hearings({ scope: 'all', caseNumber: q });
    const anywhere = all.ok ? exact(all.value) : undefined;
    if (anywhere) return onOpen(anywhere.id);
    if (shown[0]) return onOpen(shown[0].id);
    return createAdHoc(q);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      moved.current = true;
      setCursor((c) => Math.min(c + 1, hearings.length - 1));
    } else if (e.key === 'ArrowUp') {
      moved.current = true;
      setCursor((c) => Math.max(c - 1, 0));
    } else if (e.key === 'Enter') void enter(e.currentTarget.value);
    else return;
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
          moved.current = false;
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
            {h.cancelled ? (
              <span className="badge status-cancelled" data-testid="cancelled-pill">{t('header:cancelledPill')}</span>
            ) : (
              <span className={`badge status-${h.locked ? 'signed' : h.status}`}>{t(`protocol:status.${h.locked ? 'signed' : h.status}`)}</span>
            )}
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
