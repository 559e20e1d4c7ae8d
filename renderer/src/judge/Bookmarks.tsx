import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bookmark } from '../../../common/contract/review-aids';
import { api } from '../core/core-client';
import { typingOrDialog } from './review-keys';
import type { ReviewPlayer } from './review-player';
import { clock } from './timeline';

// The judge's own bookmarks in the session being played: set one at the current moment (the
// button or B), with a note; play from one, change its note, remove it. The core keeps them
// private to their author and audits every change; this screen only shows the current session's.

export function useBookmarks(hearingId: number, sessionId: string, enabled: boolean, onError: (m: string) => void) {
  const [all, setAll] = useState<Bookmark[]>([]);
  const reload = useCallback(() => {
    if (!enabled) return;
    void api()
      .review.bookmarks({ hearingId })
      .then((r) => (r.ok ? setAll(r.value) : onError(r.error.message)));
  }, [hearingId, enabled, onError]);
  useEffect(reload, [reload]);
  return { bookmarks: all.filter((b) => b.sessionId === sessionId), reload };
}

export function Bookmarks({ hearingId, player, bookmarks, reload, onError }: { hearingId: number; player: ReviewPlayer; bookmarks: Bookmark[]; reload(): void; onError(m: string): void }) {
  const { t } = useTranslation('review');
  // The form: a new bookmark at `at`, or an existing one's note (`id`).
  const [draft, setDraft] = useState<{ id: number | null; at: number; note: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const startNew = useCallback(() => setDraft({ id: null, at: Math.round(player.position()), note: '' }), [player]);
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.code !== 'KeyB' || ev.altKey || ev.ctrlKey || ev.metaKey || typingOrDialog(ev)) return;
      ev.preventDefault();
      startNew();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [startNew]);

  const done = (r: { ok: boolean; error?: { message: string } }) => {
    setBusy(false);
    if (!r.ok) return onError(r.error?.message ?? '');
    setDraft(null);
    reload();
  };
  const save = (ev: FormEvent) => {
    ev.preventDefault();
    if (!draft || busy) return;
    setBusy(true);
    const note = draft.note.trim();
    if (draft.id === null) void api().review.bookmark({ hearingId, sessionId: player.session.sessionId, positionMs: draft.at, note }).then(done);
    else void api().review.bookmarkEdit({ id: draft.id, note }).then(done);
  };
  const remove = (b: Bookmark) => {
    if (busy) return;
    setBusy(true);
    void api().review.bookmarkRemove({ id: b.id }).then(done);
  };

  return (
    <section className="bookmarks" aria-labelledby="bookmarks-heading" data-testid="bookmarks">
      <div className="bookmarks-head">
        <h3 id="bookmarks-heading">{t('aids.bookmarks.heading')}</h3>
        <button type="button" onClick={startNew} title={t('aids.bookmarks.addTitle')} data-testid="bookmark-add">
          {t('aids.bookmarks.add')}
        </button>
        <span className="muted">{t('aids.bookmarks.private')}</span>
      </div>
      {draft && (
        <form className="bookmark-form" onSubmit={save} data-testid="bookmark-form">
          <span className="mono">{clock(draft.at)}</span>
          <label>
            {t('aids.bookmarks.note')}{' '}
            <input
              autoFocus
              value={draft.note}
              maxLength={2000}
              onChange={(e) => setDraft({ ...draft, note: e.target.value })}
              onKeyDown={(e) => e.key === 'Escape' && setDraft(null)}
              data-testid="bookmark-note"
            />
          </label>
          <button type="submit" className="primary" disabled={busy} data-testid="bookmark-save">
            {t('aids.bookmarks.save')}
          </button>
          <button type="button" onClick={() => setDraft(null)}>
            {t('aids.bookmarks.cancel')}
          </button>
        </form>
      )}
      {bookmarks.length === 0 ? (
        <p className="muted">{t('aids.bookmarks.none')}</p>
      ) : (
        <ul className="bookmark-list">
          {bookmarks.map((b) => (
            <li key={b.id} data-testid="bookmark" data-position-ms={b.positionMs}>
              <button type="button" className="link mono" onClick={() => void player.playFrom(b.positionMs)} title={t('aids.bookmarks.go')}>
                ▶ {clock(b.positionMs)}
              </button>
              <span className={b.note ? '' : 'muted'}>{b.note || t('aids.bookmarks.noNote')}</span>
              <button type="button" onClick={() => setDraft({ id: b.id, at: b.positionMs, note: b.note })}>
                {t('aids.bookmarks.edit')}
              </button>
              <button type="button" onClick={() => remove(b)} data-testid="bookmark-remove">
                {t('aids.bookmarks.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
