import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditRow } from '../../../common/contract/audit';
import { useAuth } from '../auth/auth-store';
import { api } from '../core/core-client';
import { AccessAuditTable } from './AccessAuditTable';
import { allows } from './allows';
import './audit.css';

const NO_CASES: ReadonlyMap<number, string> = new Map();
/** While the list is open, new rows (a file the player fetched a moment after the playback started) come in by themselves. */
const POLL_MS = 4000;

/**
 * The hearing's access audit in review: who logged, changed, opened, played or was refused, in
 * which role. Shown only to whom the role matrix lets read it (audit.list); `changed` is any
 * value that differs when something was just done here (a playback), to read the list again.
 */
export function HearingAccessAudit({ hearingId, changed }: { hearingId: number; changed: unknown }) {
  const { t } = useTranslation('audit');
  const { session } = useAuth();
  const may = allows(session?.person, 'audit.list');
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [error, setError] = useState('');
  const load = useCallback(async () => {
    const r = await api().audit.list({ hearingId, limit: 10_000 });
    if (r.ok) {
      setRows(r.value);
      setError('');
    } else setError(r.error.message);
  }, [hearingId]);

  useEffect(() => {
    if (may) void load();
  }, [may, load, changed]);
  useEffect(() => {
    if (!may || !open) return;
    const id = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(id);
  }, [may, open, load]);

  if (!may) return null;
  return (
    <details className="review-audit access-audit" data-testid="access-audit" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        {t('heading')} ({rows?.length ?? '…'})
      </summary>
      <p className="muted audit-intro">{t('intro')}</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {rows === null ? <p className="muted">{t('loading')}</p> : rows.length === 0 ? <p className="muted">{t('empty')}</p> : <AccessAuditTable rows={rows} withHearing={false} cases={NO_CASES} testId="access-audit-row" />}
    </details>
  );
}
