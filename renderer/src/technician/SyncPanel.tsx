import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, useCoreValue } from '../core/core-client';
import { dateTime } from '../secretary/format';

/** Is the station enrolled, is central reachable, what is still on the station only. */
export function SyncPanel() {
  const { t, i18n } = useTranslation('sync');
  const state = useCoreValue(() => api().sync.state({}), (h) => api().on.sync.state(h));
  const [form, setForm] = useState({ centralUrl: '', code: '' });
  const [error, setError] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});

  async function enroll(e: FormEvent) {
    e.preventDefault();
    setError('');
    const r = await api().sync.enroll({ centralUrl: form.centralUrl.trim(), code: form.code.trim() });
    if (r.ok) {
      setForm({ centralUrl: '', code: '' });
      setFields({});
      return;
    }
    setFields(Object.fromEntries((r.error.fields ?? []).map((f) => [f.path, f.message])));
    if (!r.error.fields?.length) setError(r.error.message);
  }

  if (!state) return null;
  return (
    <section className="sync-panel" aria-labelledby="sync-heading">
      <h2 id="sync-heading">{t('heading')}</h2>
      <p data-testid="sync-enrolled">
        <strong>{state.enrolled ? t('enrolled', { stationId: state.stationId }) : t('notEnrolled')}</strong>
        {state.centralUrl && <span className="muted"> · {state.centralUrl}</span>}
      </p>
      {state.enrolled && (
        <ul className="facts">
          <li className={state.online ? 'ok' : 'warn'}>{state.online ? t('online') : t('offline')}</li>
          <li data-testid="sync-queue">{t('queue', { count: state.queueLength })}</li>
          <li>{t('bytesPending', { mb: (state.bytesPending / 1e6).toFixed(1), segments: state.segmentsPending })}</li>
          {state.lastSuccessAt && <li>{t('lastSuccess', { at: dateTime(state.lastSuccessAt, i18n.language) })}</li>}
          {state.lastError && <li className="warn">{t('lastError', { message: state.lastError.message })}</li>}
          {state.nextAttemptAt && <li className="muted">{t('nextAttempt', { at: dateTime(state.nextAttemptAt, i18n.language) })}</li>}
        </ul>
      )}
      {state.enrolled && (
        <button type="button" onClick={() => void api().sync.now({})}>
          {t('syncNow')}
        </button>
      )}
      <form className="enroll-form" onSubmit={enroll} noValidate>
        <h3>{t('enroll')}</h3>
        <label>
          {t('centralUrl')}
          <input value={form.centralUrl} onChange={(e) => setForm({ ...form, centralUrl: e.target.value })} aria-invalid={fields.centralUrl ? true : undefined} />
          {fields.centralUrl && <span className="field-error">{fields.centralUrl}</span>}
        </label>
        <label>
          {t('code')}
          <input value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} aria-invalid={fields.code ? true : undefined} />
          {fields.code && <span className="field-error">{fields.code}</span>}
        </label>
        <button type="submit" className="primary">
          {t('enroll')}
        </button>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
