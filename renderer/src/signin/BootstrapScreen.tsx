import { useTranslation } from 'react-i18next';
import { signIn } from '../auth/auth-store';
import { api } from '../core/core-client';
import { PersonForm } from '../people/PersonForm';

/** A station nobody is registered on yet: its first person (administrator or technician) registers and is signed in. */
export function BootstrapScreen() {
  const { t } = useTranslation('signin');
  return (
    <section className="signin signin-bootstrap" aria-labelledby="bootstrap-heading" data-testid="bootstrap">
      <div className="signin-card wide">
        <h1 id="bootstrap-heading">{t('bootstrap.heading')}</h1>
        <p className="muted">{t('bootstrap.intro')}</p>
        <PersonForm
          id="bootstrap"
          roles={['administrator', 'technician']}
          initialRoles={['administrator']}
          submitLabel={t('bootstrap.create')}
          onSubmit={async (p) => {
            const added = await api().people.add(p);
            if (!added.ok) return added.error;
            const r = await signIn(added.value.id, p.pin);
            return r.ok ? null : r.error;
          }}
        />
      </div>
    </section>
  );
}
