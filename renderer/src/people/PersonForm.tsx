import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../common/contract/people';
import type { ErrorPayload } from '../../../common/errors';

export interface NewPerson {
  fullName: string;
  roles: Role[];
  pin: string;
  iin?: string;
}

const digits = (s: string) => s.replace(/\D/g, '');

/**
 * A new person: full name, roles, the PIN twice, an optional IIN. The core validates (PIN
 * format, IIN checksum, who may be first); its field messages are shown next to the fields.
 */
export function PersonForm({
  id,
  roles,
  initialRoles = [],
  submitLabel,
  onSubmit,
}: {
  id: string;
  roles: readonly Role[];
  initialRoles?: Role[];
  submitLabel: string;
  /** Resolves with the core's refusal, or null when the person was added. */
  onSubmit(p: NewPerson): Promise<ErrorPayload | null>;
}) {
  const { t } = useTranslation('signin');
  const [fullName, setFullName] = useState('');
  const [chosen, setChosen] = useState<Role[]>(initialRoles);
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [iin, setIin] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (chosen.length === 0) local.roles = t('form.noRole');
    if (pin !== pin2) local.pin2 = t('form.pinMismatch');
    setErrors(local);
    setMessage('');
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    const refusal = await onSubmit({ fullName: fullName.trim(), roles: chosen, pin, ...(iin.trim() ? { iin: iin.trim() } : {}) });
    setBusy(false);
    if (!refusal) {
      setFullName('');
      setPin('');
      setPin2('');
      setIin('');
      setChosen(initialRoles);
      return;
    }
    const byField: Record<string, string> = {};
    for (const f of refusal.fields ?? []) byField[f.path === 'pin' ? 'pin' : f.path.split('.')[0]!] ??= f.message;
    setErrors(byField);
    if (Object.keys(byField).length === 0) setMessage(refusal.message);
  }

  const field = (name: string) => ({
    id: `${id}-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${id}-${name}-error` : undefined,
  });
  const error = (name: string) =>
    errors[name] ? (
      <span className="field-error" id={`${id}-${name}-error`}>
        {errors[name]}
      </span>
    ) : null;

  return (
    <form className="person-form" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={`${id}-fullName`}>{t('form.fullName')}</label>
      <input {...field('fullName')} value={fullName} onChange={(e) => setFullName(e.target.value)} autoComplete="off" required />
      {error('fullName')}
      <fieldset className="person-roles" aria-invalid={errors.roles ? true : undefined}>
        <legend>{t('form.roles')}</legend>
        {roles.map((r) => (
          <label key={r} className="check">
            <input type="checkbox" checked={chosen.includes(r)} onChange={(e) => setChosen(e.target.checked ? [...chosen, r] : chosen.filter((x) => x !== r))} />
            {t(`roles.${r}`)}
          </label>
        ))}
      </fieldset>
      {error('roles')}
      <label htmlFor={`${id}-pin`}>{t('form.pin')}</label>
      <input {...field('pin')} type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(digits(e.target.value))} maxLength={12} />
      {error('pin')}
      <label htmlFor={`${id}-pin2`}>{t('form.pinRepeat')}</label>
      <input {...field('pin2')} type="password" inputMode="numeric" autoComplete="new-password" value={pin2} onChange={(e) => setPin2(digits(e.target.value))} maxLength={12} />
      {error('pin2')}
      <label htmlFor={`${id}-iin`}>{t('form.iin')}</label>
      <input {...field('iin')} inputMode="numeric" value={iin} onChange={(e) => setIin(digits(e.target.value))} maxLength={12} autoComplete="off" />
      {error('iin')}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        {message && (
          <span className="field-error" role="alert">
            {message}
          </span>
        )}
      </div>
    </form>
  );
}
