import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignedIn } from '../../../common/contract/people';
import { cancelSwitch, signIn } from '../auth/auth-store';
import { api } from '../core/core-client';
import { RoleList } from './RoleList';

type Mode = 'signIn' | 'locked' | 'switch';

/**
 * Sign in: choose or type your name, enter your PIN, Enter. Also the lock screen (the person
 * the screen was locked for is chosen already) and "switch person" (the one signed in stays
 * until another signs in). A wrong PIN, a lock-out or an unknown name is the core's message.
 */
export function SignInScreen({ mode, lockedFor, current, notice }: { mode: Mode; lockedFor: SignedIn | null; current: SignedIn | null; notice: string }) {
  const { t } = useTranslation('signin');
  const [people, setPeople] = useState<SignedIn[] | null>(null);
  const [who, setWho] = useState(mode === 'locked' && lockedFor ? lockedFor.fullName : '');
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  const personRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void api()
      .auth.people({})
      .then((r) => r.ok && setPeople(r.value));
  }, []);
  useEffect(() => {
    (mode === 'locked' ? pinRef : personRef).current?.focus();
  }, [mode]);

  function choose(p: SignedIn) {
    setWho(p.fullName);
    setError('');
    pinRef.current?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const name = who.trim();
    if (!name) return personRef.current?.focus();
    if (!pin) return pinRef.current?.focus();
    const known = people?.filter((p) => p.fullName === name) ?? [];
    setBusy(true);
    const r = await signIn(known.length === 1 ? known[0]!.id : name, pin);
    setBusy(false);
    setPin('');
    if (!r.ok) {
      setError(r.error.message);
      pinRef.current?.focus();
    }
  }

  const heading = mode === 'locked' ? t('lockedHeading') : mode === 'switch' ? t('switchHeading') : t('heading');
  // The core's own refusal (signed out elsewhere, or locked by the core's idle clock) until a sign-in answers.
  const shown = error || notice;
  return (
    <section
      className={`signin signin-${mode}`}
      aria-labelledby="signin-heading"
      data-testid="signin"
      onKeyDown={(e) => mode === 'switch' && e.key === 'Escape' && cancelSwitch()}
    >
      <div className="signin-card">
        <h1 id="signin-heading">{heading}</h1>
        {mode === 'locked' && lockedFor && (
          <div className="locked-for" data-testid="locked-for">
            <span>{t('lockedFor')}</span>
            <strong className="locked-name">{lockedFor.fullName}</strong>
            <p>{t('lockedGoesOn')}</p>
          </div>
        )}
        {mode === 'switch' && current && <p className="muted">{t('switchIntro', { name: current.fullName })}</p>}
        {mode === 'signIn' && <p className="muted">{t('intro')}</p>}
        <form className="signin-form" onSubmit={(e) => void submit(e)}>
          <label htmlFor="signin-person">{t('person')}</label>
          <input
            id="signin-person"
            ref={personRef}
            value={who}
            onChange={(e) => setWho(e.target.value)}
            placeholder={t('personPlaceholder')}
            autoComplete="off"
            list="signin-people"
          />
          <datalist id="signin-people">
            {people?.map((p) => <option key={p.id} value={p.fullName} />)}
          </datalist>
          <label htmlFor="signin-pin">{t('pin')}</label>
          <input
            id="signin-pin"
            ref={pinRef}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={12}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            aria-invalid={error ? true : undefined}
            aria-describedby={shown ? 'signin-error' : undefined}
          />
          <div className="signin-actions">
            <button type="submit" className="primary" disabled={busy} data-testid="signin-submit">
              {busy ? t('checking') : t('submit')}
            </button>
            {mode === 'switch' && (
              <button type="button" onClick={cancelSwitch}>
                {t('cancel')}
              </button>
            )}
          </div>
          {shown && (
            <p className="signin-error" id="signin-error" role="alert" data-testid="signin-error">
              {shown}
            </p>
          )}
        </form>
      </div>
      {people && (
        <div className="signin-people">
          <h2>{t('person')}</h2>
          {people.length === 0 && <p className="muted">{t('noPeople')}</p>}
          <ul aria-label={t('person')}>
            {people.map((p) => (
              <li key={p.id}>
                <button type="button" className={p.fullName === who.trim() ? 'person chosen' : 'person'} aria-pressed={p.fullName === who.trim()} onClick={() => choose(p)}>
                  <span className="person-name">{p.fullName}</span>
                  <RoleList roles={p.roles} />
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
