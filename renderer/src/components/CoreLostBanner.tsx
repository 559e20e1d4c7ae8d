import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnection } from '../core/core-client';

/**
 * The program that records is gone (killed, crashed, hung): nothing is being recorded, whatever
 * the screen showed a moment ago. Said over every workspace, with what to do, until it is back.
 * Not shown while the page first connects.
 */
export function CoreLostBanner() {
  const { t } = useTranslation();
  const connection = useConnection();
  const seen = useRef(false);
  if (connection === 'connected') seen.current = true;
  if (connection === 'connected' || !seen.current) return null;
  return (
    <div className="core-lost" role="alert" aria-live="assertive" data-testid="core-lost">
      <strong className="core-lost-title">{t('coreLost.title')}</strong>
      <p>{t('coreLost.what')}</p>
      <ol>
        <li>{t('coreLost.step1')}</li>
        <li>{t('coreLost.step2')}</li>
        <li>{t('coreLost.step3')}</li>
      </ol>
    </div>
  );
}
