import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditRow } from '../../../common/contract/audit';
import { useAuth } from '../auth/auth-store';
import { api } from '../core/core-client';
import { AccessAuditTable } from './AccessAuditTable';
import { allows } from './allows';
import { caseNumbers, hearingLabel } from './audit-format';
import './audit.css';

/** As many rows as one call may ask for; the core answers oldest first. */
const LIMIT = 10_000;

/**
 * The whole station's access audit, for the administrator (and a judge, whom the role matrix also
 * lets read it), newest first, with a filter by hearing. The hearings to choose from are those
 * the audit names; a hearing's case number is known when its registration is in the audit.
 */
export function StationAudit() {
  const { t } = useTranslation('audit');
  const { session } = useAuth();
  const may = allows(session?.person, 'audit.list');
  const [all, setAll] = useState<AuditRow[] | null>(null);
  const [hearingId, setHearingId] = useState<number | null>(null);
  const [shown, setShown] = useState<AuditRow[] | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    const everything = await api().audit.list({ limit: LIMIT });
    if (!everything.ok) return setError(everything.error.message);
    setAll(everything.value);
    setError('');
    if (hearingId === null) return setShown(everything.value);
    const one = await api().audit.list({ hearingId, limit: LIMIT });
    if (one.ok) setShown(one.value);
    else setError(one.error.message);
  }, [hearingId]);
  useEffect(() => {
    if (may) void load();
  }, [may, load]);

  const cases = useMemo(() => caseNumbers(all ?? []), [all]);
  const hearings = useMemo(() => [...new Set((all ?? []).flatMap((r) => (r.hearingId === null ? [] : [r.hearingId])))].sort((a, b) => b - a), [all]);
  const newestFirst = useMemo(() => [...(shown ?? [])].reverse(), [shown]);

  if (!may) return null;
  return (
    <section className="panel station-audit" data-testid="station-audit" aria-labelledby="station-audit-heading">
      <div className="station-audit-head">
        <h2 id="station-audit-heading">{t('stationHeading')}</h2>
        <label htmlFor="station-audit-hearing">{t('hearing')}</label>
        <select id="station-audit-hearing" value={hearingId ?? ''} onChange={(e) => setHearingId(e.target.value === '' ? null : Number(e.target.value))}>
          <option value="">{t('allHearings')}</option>
          {hearings.map((id) => (
            <option key={id} value={id}>
              {hearingLabel(t, id, cases)}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void load()}>
          {t('refresh')}
        </button>
      </div>
      <p className="muted audit-intro">
        {t('intro')} {t('newestFirst')}
      </p>
      {shown && shown.length >= LIMIT && <p className="warn">{t('truncated', { count: LIMIT })}</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {shown === null ? <p className="muted">{t('loading')}</p> : shown.length === 0 ? <p className="muted">{t('empty')}</p> : <AccessAuditTable rows={newestFirst} withHearing={hearingId === null} cases={cases} testId="station-audit-row" />}
    </section>
  );
}
