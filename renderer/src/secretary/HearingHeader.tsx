import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hearing } from '../../../common/contract/protocol';
import { HEARING_CATEGORIES, type HearingCategory } from '../../../common/protocol/kinds';
import { Modal } from '../components/Modal';
import { ReasonDialog } from '../components/ReasonDialog';
import { api } from '../core/core-client';
import { dateTime, errorText } from './format';

// The hearing's header before signing (judge, secretary, category, open or closed session,
// language of proceedings) and its cancellation, each in a modal dialog. The core decides:
// a signed or cancelled hearing refuses both, and the buttons follow what it allows.

type Lang = 'kk' | 'ru' | '';

/** "Hearing details" and "Cancel hearing", with their dialogs. */
export function HeaderActions({ hearing, editable, onError }: { hearing: Hearing; editable: boolean; onError(m: string): void }) {
  const { t } = useTranslation('header');
  const [open, setOpen] = useState<'edit' | 'cancel' | null>(null);
  const frozen = hearing.locked || hearing.awaitingSignature !== null;
  return (
    <>
      <button type="button" onClick={() => setOpen('edit')} disabled={!editable} title={t('editHint')} data-testid="edit-header">
        {t('edit')}
      </button>
      {!hearing.cancelled && (
        <button type="button" className="danger-outline" onClick={() => setOpen('cancel')} disabled={frozen} title={t('cancelHint')} data-testid="cancel-hearing">
          {t('cancel')}
        </button>
      )}
      {open === 'edit' && <HeaderDialog hearing={hearing} onClose={() => setOpen(null)} onError={onError} />}
      {open === 'cancel' && <CancelDialog hearing={hearing} onClose={() => setOpen(null)} />}
    </>
  );
}

function HeaderDialog({ hearing, onClose, onError }: { hearing: Hearing; onClose(): void; onError(m: string): void }) {
  const { t } = useTranslation('header');
  const [judge, setJudge] = useState(hearing.judge);
  const [secretary, setSecretary] = useState(hearing.secretary);
  const [category, setCategory] = useState<HearingCategory>(hearing.category);
  const [sessionMode, setSessionMode] = useState(hearing.sessionMode);
  const [language, setLanguage] = useState<Lang>(hearing.proceedingsLanguage ?? '');
  const [error, setError] = useState('');

  async function save() {
    setError('');
    const proceedingsLanguage = language === '' ? null : language;
    const patch = {
      ...(judge.trim() !== hearing.judge ? { judge: judge.trim() } : {}),
      ...(secretary.trim() !== hearing.secretary ? { secretary: secretary.trim() } : {}),
      ...(category !== hearing.category ? { category } : {}),
      ...(sessionMode !== hearing.sessionMode ? { sessionMode } : {}),
      ...(proceedingsLanguage !== hearing.proceedingsLanguage ? { proceedingsLanguage } : {}),
    };
    if (Object.keys(patch).length === 0) return onClose();
    const r = await api().protocol.updateHearing({ hearingId: hearing.id, patch });
    if (r.ok) onClose();
    else {
      setError(errorText(r.error, t));
      onError(errorText(r.error, t));
    }
  }

  return (
    <Modal labelledBy="header-heading" onClose={onClose} testId="header-dialog">
      <form
        method="dialog"
        className="header-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h3 id="header-heading">{t('editHeading')}</h3>
        <label className="stack">
          {t('judge')}
          <input autoFocus value={judge} maxLength={200} onChange={(e) => setJudge(e.target.value)} data-testid="header-judge" />
        </label>
        <label className="stack">
          {t('secretary')}
          <input value={secretary} maxLength={200} onChange={(e) => setSecretary(e.target.value)} data-testid="header-secretary" />
        </label>
        <label className="stack">
          {t('category')}
          <select value={category} onChange={(e) => setCategory(e.target.value as HearingCategory)} data-testid="header-category">
            {HEARING_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`protocol:categories.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="row">
          <legend>{t('sessionMode')}</legend>
          {(['open', 'closed'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="session-mode" value={m} checked={sessionMode === m} onChange={() => setSessionMode(m)} data-testid={`header-session-${m}`} /> {t(m)}
            </label>
          ))}
        </fieldset>
        <label className="stack">
          {t('language')}
          <select value={language} onChange={(e) => setLanguage(e.target.value as Lang)} data-testid="header-language">
            <option value="">{t('notStated')}</option>
            <option value="kk">{t('langKk')}</option>
            <option value="ru">{t('langRu')}</option>
          </select>
        </label>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" data-testid="header-save">
            {t('save')}
          </button>
          <button type="button" onClick={onClose}>
            {t('close')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function CancelDialog({ hearing, onClose }: { hearing: Hearing; onClose(): void }) {
  const { t } = useTranslation('header');
  return (
    <ReasonDialog
      id="cancel"
      testId="cancel-dialog"
      heading={t('cancelHeading', { caseNumber: hearing.caseNumber })}
      label={t('cancelReason')}
      maxLength={2000}
      confirm={t('cancelConfirm')}
      confirmClass="danger"
      back={t('back')}
      textTestId="cancel-reason"
      confirmTestId="cancel-confirm"
      onConfirm={(reason) => api().protocol.cancelHearing({ hearingId: hearing.id, reason })}
      errorText={(e) => errorText(e, t)}
      onClose={onClose}
    >
      <p>{t('cancelBody')}</p>
    </ReasonDialog>
  );
}

/** Who cancelled the hearing, when and why: shown above everything else of a cancelled hearing. */
export function CancelledBanner({ hearing }: { hearing: Hearing }) {
  const { t, i18n } = useTranslation('header');
  if (!hearing.cancelled) return null;
  const c = hearing.cancelled;
  return (
    <div className="cancelled-banner" role="status" data-testid="cancelled-banner">
      {t('cancelledBanner', { at: dateTime(c.at, i18n.language), by: c.by, reason: c.reason })}
    </div>
  );
}

/** The header's session mode and language, as the hearing view states them. */
export function HeaderFacts({ hearing }: { hearing: Hearing }) {
  const { t } = useTranslation('header');
  return (
    <span className="muted" data-testid="header-facts">
      {hearing.sessionMode === 'closed' ? t('sessionClosed') : t('sessionOpen')}
      {hearing.proceedingsLanguage && ` · ${t('language')}: ${hearing.proceedingsLanguage === 'kk' ? t('langKk') : t('langRu')}`}
    </span>
  );
}
