import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hearing } from '../../../common/contract/protocol';
import { api } from '../core/core-client';
import { errorText } from './format';

type RemarkRow = Extract<Awaited<ReturnType<ReturnType<typeof api>['sync']['remarks']>>, { ok: true }>['value'][number];

/** Remarks participants filed on the protocol through the e-filing cabinet; the judge decides with a reason. */
export function Remarks({ hearing, onError }: { hearing: Hearing; onError(m: string): void }) {
  const { t } = useTranslation('secretary');
  const [remarks, setRemarks] = useState<RemarkRow[]>([]);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const ref = hearing.externalId ?? hearing.uid;

  useEffect(() => {
    let live = true;
    const load = () => void api().sync.remarks({ hearingId: ref }).then((r) => live && r.ok && setRemarks(r.value));
    load();
    const off = api().on.sync.feeds((f) => f.remarks > 0 && load());
    return () => {
      live = false;
      off();
    };
  }, [ref]);

  async function decide(remarkId: string, decision: 'accepted' | 'rejected') {
    const r = await api().sync.decideRemark({ remarkId, decision, reason: reasons[remarkId] ?? '' });
    if (r.ok) setRemarks((list) => list.map((x) => (String(x.remarkId) === remarkId ? r.value : x)));
    else onError(errorText(r.error, t));
  }

  return (
    <section className="remarks" aria-labelledby="remarks-heading">
      <h2 id="remarks-heading">{t('remarks.heading')}</h2>
      {remarks.length === 0 && <p className="muted">{t('remarks.none')}</p>}
      <ul>
        {remarks.map((r) => {
          const id = String(r.remarkId);
          return (
            <li key={id} data-testid="remark">
              <p>
                <strong>{r.author}</strong>: {r.text}
              </p>
              {r.status === 'pending' ? (
                <div className="row">
                  <input aria-label={t('remarks.reason')} placeholder={t('remarks.reason')} value={reasons[id] ?? ''} onChange={(e) => setReasons({ ...reasons, [id]: e.target.value })} />
                  <button type="button" onClick={() => void decide(id, 'accepted')}>
                    {t('remarks.accept')}
                  </button>
                  <button type="button" onClick={() => void decide(id, 'rejected')}>
                    {t('remarks.reject')}
                  </button>
                </div>
              ) : (
                <p className="muted">
                  {t('remarks.decided', { decision: t(`remarks.${r.status}`) })}
                  {r.reason ? ` — ${r.reason}` : ''}
                  {!r.syncedDecision && ` (${t('remarks.pendingSync')})`}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
