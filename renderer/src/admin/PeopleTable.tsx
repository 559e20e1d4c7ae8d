import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../../common/contract/people';
import { api } from '../core/core-client';
import { dateTime } from '../secretary/format';
import { PersonEdit } from './PersonEdit';
import { RoleList } from '../signin/RoleList';

/** Everyone the station knows, with disable/enable and a new PIN; the core refuses what may not be done (the last administrator). */
export function PeopleTable({ people, onDone, onError }: { people: Person[]; onDone(message: string): void; onError(message: string): void }) {
  const { t, i18n } = useTranslation('signin');
  const [pinFor, setPinFor] = useState<Person | null>(null);
  const [pin, setPin] = useState('');
  const [editing, setEditing] = useState<Person | null>(null);

  async function setActive(p: Person, active: boolean) {
    const r = await api().people.update({ personId: p.id, active });
    if (r.ok) onDone(t('admin.changed', { name: p.fullName }));
    else onError(r.error.message);
  }
  async function savePin(e: FormEvent) {
    e.preventDefault();
    if (!pinFor) return;
    const r = await api().people.setPin({ personId: pinFor.id, pin });
    setPin('');
    if (!r.ok) return onError(r.error.message);
    setPinFor(null);
    onDone(t('admin.pinSet', { name: pinFor.fullName }));
  }

  return (
    <div className="panel">
      <h2>{t('admin.people')}</h2>
      <table className="people-table">
        <thead>
          <tr>
            <th>{t('admin.name')}</th>
            <th>{t('admin.roles')}</th>
            <th>{t('admin.iin')}</th>
            <th>{t('admin.state')}</th>
            <th>{t('admin.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id} data-testid="person-row" className={[p.active ? '' : 'inactive', editing?.id === p.id ? 'editing' : ''].join(' ').trim()}>
              <td>
                {p.fullName}
                {p.source === 'central' && <span className="badge subtle">{t('admin.fromCentral')}</span>}
              </td>
              <td>
                <RoleList roles={p.roles} />
              </td>
              <td className="mono">{p.iin ?? ''}</td>
              <td>
                {p.active ? t('admin.active') : t('admin.inactive')}
                {p.lockedUntil && Date.parse(p.lockedUntil) > Date.now() && <div className="warn">{t('admin.lockedOut', { until: dateTime(p.lockedUntil, i18n.language) })}</div>}
              </td>
              <td>
                <div className="person-actions">
                  <button type="button" onClick={() => void setActive(p, !p.active)}>
                    {p.active ? t('admin.disable') : t('admin.enable')}
                  </button>
                  <button type="button" onClick={() => setPinFor(p)}>
                    {t('admin.setPin')}
                  </button>
                  <button type="button" onClick={() => setEditing(p)}>
                    {t('admin.edit')}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <PersonEdit
          key={editing.id}
          person={editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            onDone(t('admin.changed', { name: saved.fullName }));
          }}
        />
      )}
      {pinFor && (
        <form className="row set-pin" onSubmit={(e) => void savePin(e)}>
          <label htmlFor="set-pin">{t('admin.newPin', { name: pinFor.fullName })}</label>
          <input id="set-pin" type="password" inputMode="numeric" autoComplete="new-password" maxLength={12} value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} autoFocus />
          <button type="submit" className="primary">
            {t('admin.save')}
          </button>
          <button type="button" onClick={() => setPinFor(null)}>
            {t('cancel')}
          </button>
        </form>
      )}
    </div>
  );
}
