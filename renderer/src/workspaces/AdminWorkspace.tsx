import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Person } from '../../../common/contract/people';
import { PeopleTable } from '../admin/PeopleTable';
import { StationAudit } from '../audit/StationAudit';
import { api } from '../core/core-client';
import { PersonForm } from '../people/PersonForm';

/** The administrator's workspace: the station's people (add, roles and IIN, disable, PIN: people.* calls) and the station's access audit. */
export function AdminWorkspace() {
  const { t } = useTranslation('signin');
  const [people, setPeople] = useState<Person[]>([]);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const load = useCallback(async () => {
    const r = await api().people.list({});
    if (r.ok) setPeople(r.value);
    else setError(r.error.message);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const done = (message: string) => {
    setError('');
    setNotice(message);
    void load();
  };

  return (
    <section className="ws ws-admin">
      <h1>{t('app:workspaces.admin')}</h1>
      {error && (
        <div className="error-banner" role="alert" data-testid="admin-error">
          <span>{error}</span>
          <button type="button" onClick={() => setError('')} aria-label={t('secretary:recording.dismiss')}>
            ×
          </button>
        </div>
      )}
      {notice && (
        <p className="notice" role="status" data-testid="admin-notice">
          {notice}
        </p>
      )}
      <div className="admin-layout">
        <PeopleTable people={people} onDone={done} onError={setError} />
        <div className="panel">
          <h2>{t('admin.add')}</h2>
          <PersonForm
            id="add-person"
            roles={ROLES}
            initialRoles={['secretary']}
            submitLabel={t('admin.add')}
            onSubmit={async (p) => {
              const r = await api().people.add(p);
              if (!r.ok) return r.error;
              done(t('admin.added', { name: r.value.fullName }));
              return null;
            }}
          />
        </div>
      </div>
      <StationAudit />
    </section>
  );
}
