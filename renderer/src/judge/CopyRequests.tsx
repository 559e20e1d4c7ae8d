import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationCopyRequest } from '../../../common/contract/copy-requests';
import type { CopyResult } from '../../../common/contract/review';
import { api } from '../core/core-client';
import { dateTime } from '../secretary/format';

// The parties' requests for a copy of this hearing, as central's feed brought them: who asked
// and when, the request's state, and for one still waiting the button that makes the copy and
// sends its four files to central (review.fulfilCopyRequest). While files are on their way the
// list is asked again every few seconds; central's verdict comes back through the feed.

const POLL_MS = 3000;

export function CopyRequests({ hearingId, lang, busy, setBusy, onCopy, onError }: { hearingId: number; lang: 'kk' | 'ru'; busy: boolean; setBusy(b: boolean): void; onCopy(c: CopyResult): void; onError(m: string): void }) {
  const { t, i18n } = useTranslation('review');
  const [requests, setRequests] = useState<StationCopyRequest[]>([]);

  const load = useCallback(
    () =>
      void api()
        .review.copyRequests({ hearingId })
        .then((r) => r.ok && setRequests(r.value)),
    [hearingId],
  );
  useEffect(load, [load]);
  // A copy on its way: until central's verdict (delivered or rejected) comes back with the feed.
  const sending = requests.some((r) => r.state === 'requested' && r.delivery !== null);
  useEffect(() => {
    if (!sending) return;
    const id = window.setInterval(load, POLL_MS);
    return () => window.clearInterval(id);
  }, [sending, load]);

  const fulfil = (r: StationCopyRequest) => {
    if (busy) return;
    setBusy(true);
    void api()
      .review.fulfilCopyRequest({ requestId: r.requestId, lang })
      .then((res) => {
        setBusy(false);
        if (!res.ok) return onError(res.error.message);
        onCopy(res.value.copy);
        load();
      });
  };

  return (
    <div className="copy-requests" data-testid="copy-requests">
      <h4>{t('aids.requests.heading')}</h4>
      {requests.length === 0 ? (
        <p className="muted">{t('aids.requests.none')}</p>
      ) : (
        <ul className="seal-list">
          {requests.map((r) => {
            const files = r.delivery?.files ?? [];
            const up = files.filter((f) => f.confirmed).length;
            return (
              <li key={r.requestId} data-testid="copy-request" data-state={r.state}>
                <span>{t('aids.requests.row', { name: r.requester.name, role: t(`aids.parties.${r.requester.role}`), at: dateTime(r.filedAt, i18n.language) })}</span>
                <span className={`badge state-${r.state}`}>{t(`aids.requests.states.${r.state}`)}</span>
                {r.note && <span className="muted">{r.note}</span>}
                {/* Central's reason is its technical finding (in its admin view and the station's log), not for this screen. */}
                {r.state === 'rejected' && <span className="field-error">{t('aids.requests.rejected')}</span>}
                {r.state === 'requested' && files.length > 0 && <span className="muted">{t('aids.requests.uploading', { done: up, total: files.length })}</span>}
                {r.state === 'requested' && !r.delivery && (
                  <button type="button" onClick={() => fulfil(r)} disabled={busy} data-testid="copy-fulfil">
                    {t('aids.requests.fulfil')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
