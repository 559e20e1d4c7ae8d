import { useTranslation } from 'react-i18next';
import { api, useCoreValue } from '../core/core-client';
import { timeOfDay } from './format';

// The secretary's notice that the Situation Center observes the hearing, and by whom, for as long
// as it does; and, when someone asked and the court's rules refused, who and why. The core decides
// and says; this only shows it.

export function ObservedBanner() {
  const { t, i18n } = useTranslation('observe');
  const s = useCoreValue(() => api().observe.state({}), (h) => api().on.observe.state(h));
  if (!s) return null;
  if (s.observers.length) {
    const names = s.observers.map((o) => o.name).join(', ');
    const since = s.observers.map((o) => o.since).sort()[0];
    return (
      <div className="observed" role="status" data-testid="observed" data-observers={s.observers.length}>
        <strong>◉ {t('banner.one', { names })}</strong> <span>{t('banner.since', { time: timeOfDay(since, i18n.language) })}</span>
        <p>{t('banner.note')}</p>
      </div>
    );
  }
  if (s.refused)
    return (
      <p className="observe-refused muted" data-testid="observe-refused" data-reason={s.refused.reason}>
        {t(`refused.${s.refused.reason}`, { name: s.refused.name, time: timeOfDay(s.refused.at, i18n.language) })}
      </p>
    );
  return null;
}
