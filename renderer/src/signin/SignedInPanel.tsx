import { useTranslation } from 'react-i18next';
import type { SignedIn } from '../../../common/contract/people';
import { beginSwitch, lockNow, signOut } from '../auth/auth-store';
import { RoleList } from './RoleList';

/** Who is signed in on this window, with sign-out, switch person (the recording goes on) and lock now. */
export function SignedInPanel({ person }: { person: SignedIn }) {
  const { t } = useTranslation('signin');
  return (
    <section className="signed-in" aria-label={t('session.signedIn')} data-testid="signed-in">
      <div className="signed-in-who">
        <span className="muted">{t('session.signedIn')}</span>
        <strong data-testid="signed-in-name">{person.fullName}</strong>
        <span data-testid="signed-in-roles">
          <RoleList roles={person.roles} />
        </span>
      </div>
      <div className="signed-in-actions">
        <button type="button" onClick={beginSwitch} data-testid="switch-person">
          {t('session.switch')}
        </button>
        <button type="button" onClick={() => void lockNow()} data-testid="lock-now">
          {t('session.lock')}
        </button>
        <button type="button" onClick={() => void signOut()} data-testid="sign-out">
          {t('session.signOut')}
        </button>
      </div>
    </section>
  );
}
