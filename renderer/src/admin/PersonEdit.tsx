import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Person, type Role } from '../../../common/contract/people';
import { api } from '../core/core-client';

const digits = (s: string) => s.replace(/\D/g, '');

/**
 * A person's roles and IIN (people.update). The core validates: the IIN's checksum, an IIN held
 * by another person, the last administrator; its translated message is shown by the field.
 */
export function PersonEdit({ person, onSaved, onCancel }: { person: Person; onSaved(p: Person): void; onCancel(): void }) {
  const { t } = useTranslation('signin');
  const [roles, setRoles] = useState<Role[]>(person.roles);
  const [iin, setIin] = useState(person.iin ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setMessage('');
    if (roles.length === 0) return setErrors({ roles: t('form.noRole') });
    setErrors({});
    setBusy(true);
    const r = await api().people.update({ personId: person.id, roles: ROLES.filter((x) => roles.includes(x)), iin: iin.trim() === '' ? null : iin.trim() });
    setBusy(false);
    if (r.ok) return onSaved(r.value);
    const byField: Record<string, string> = {};
    for (const f of r.error.fields ?? []) byField[f.path.split('.')[0]!] ??= f.message;
    setErrors(byField);
    if (!byField.iin && !byField.roles) setMessage(r.error.message);
  }

  const describedBy = (name: string) => (errors[name] ? `edit-person-${name}-error` : undefined);
  return (
    <form className="person-edit" data-testid="person-edit" onSubmit={(e) => void save(e)} noValidate>
      <h3>{t('admin.editHeading', { name: person.fullName })}</h3>
      <fieldset className="person-roles" aria-invalid={errors.roles ? true : undefined} aria-describedby={describedBy('roles')}>
        <legend>{t('form.roles')}</legend>
        {ROLES.map((r) => (
          <label key={r} className="check">
            <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} />
            {t(`roles.${r}`)}
          </label>
        ))}
      </fieldset>
      {errors.roles && (
        <span className="field-error" id="edit-person-roles-error">
          {errors.roles}
        </span>
      )}
      <div className="person-edit-iin">
        <label htmlFor="edit-person-iin">{t('admin.iinField')}</label>
        <input id="edit-person-iin" inputMode="numeric" autoComplete="off" maxLength={12} value={iin} onChange={(e) => setIin(digits(e.target.value))} aria-invalid={errors.iin ? true : undefined} aria-describedby={describedBy('iin')} />
        {errors.iin && (
          <span className="field-error" id="edit-person-iin-error" data-testid="edit-person-iin-error">
            {errors.iin}
          </span>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('admin.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
        {message && (
          <span className="field-error" role="alert" data-testid="edit-person-error">
            {message}
          </span>
        )}
      </div>
    </form>
  );
}
