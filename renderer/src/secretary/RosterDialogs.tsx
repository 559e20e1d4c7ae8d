import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../../common/contract/protocol';
import type { ParticipantChange } from '../../../common/contract/protocol-roster';
import { PARTICIPANT_ROLES, type ParticipantRole } from '../../../common/protocol/kinds';
import { Modal } from '../components/Modal';
import { ReasonDialog } from '../components/ReasonDialog';
import { api } from '../core/core-client';
import { errorText, timeOfDay } from './format';

// A roster line is corrected or withdrawn in a dialog (Escape closes it), never erased: the
// core keeps what it was, and the history dialog shows it.

type Done = { onClose(): void; onError(m: string): void };

export function CorrectParticipant({ p, onClose, onError }: { p: Participant } & Done) {
  const { t } = useTranslation('corrections');
  const [name, setName] = useState(p.name);
  const [role, setRole] = useState<ParticipantRole>(p.role);
  async function save() {
    const r = await api().protocol.updateParticipant({ participantId: p.id, ...(name.trim() !== p.name ? { name: name.trim() } : {}), ...(role !== p.role ? { role } : {}) });
    if (r.ok) onClose();
    else onError(errorText(r.error, t));
  }
  return (
    <Modal labelledBy="correct-participant-heading" onClose={onClose} testId="correct-participant">
      <form method="dialog" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <h3 id="correct-participant-heading">{t('roster.correctHeading')}</h3>
        <label className="stack">
          {t('secretary:roster.name')}
          <input autoFocus value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="stack">
          {t('secretary:roster.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as ParticipantRole)}>
            {PARTICIPANT_ROLES.map((r) => (
              <option key={r} value={r}>{t(`protocol:roles.${r}`)}</option>
            ))}
          </select>
        </label>
        <div className="row">
          <button type="submit" className="primary" disabled={!name.trim()}>{t('secretary:entries.save')}</button>
          <button type="button" onClick={onClose}>{t('secretary:entries.cancel')}</button>
        </div>
      </form>
    </Modal>
  );
}

export function WithdrawParticipant({ p, onClose, onError }: { p: Participant } & Done) {
  const { t } = useTranslation('corrections');
  return (
    <ReasonDialog
      id="withdraw-participant"
      testId="withdraw-participant"
      heading={t('roster.withdrawHeading')}
      label={t('roster.withdrawReason')}
      maxLength={2000}
      confirm={t('roster.withdraw')}
      back={t('secretary:entries.cancel')}
      onConfirm={(reason) => api().protocol.withdrawParticipant({ participantId: p.id, reason })}
      errorText={(e) => {
        const text = errorText(e, t);
        onError(text);
        return text;
      }}
      onClose={onClose}
    >
      <p>
        <strong>{p.name}</strong> ({t(`protocol:roles.${p.role}`)})
      </p>
      <p className="muted">{t('roster.withdrawHint')}</p>
    </ReasonDialog>
  );
}

const FIELDS = ['name', 'role', 'attendance', 'via', 'app', 'note', 'reason'] as const;

export function ParticipantHistory({ p, changes, onClose }: { p: Participant; changes: ParticipantChange[]; onClose(): void }) {
  const { t, i18n } = useTranslation('corrections');
  const value = (field: (typeof FIELDS)[number], v: string) =>
    field === 'role' ? t(`protocol:roles.${v}`) : field === 'attendance' ? t(`protocol:attendance.${v}`) : field === 'via' ? t(`protocol:via.${v}`) : v;
  return (
    <Modal labelledBy="participant-history-heading" onClose={onClose} testId="participant-history">
      <h3 id="participant-history-heading">{t('roster.historyHeading', { name: p.name })}</h3>
      <ol className="p-history">
        {changes.map((c, i) => (
          <li key={i} data-testid="participant-change">
            <span className="mono">{timeOfDay(c.at, i18n.language)}</span> <strong>{t(`roster.actions.${c.action.split('.')[1] ?? 'update'}`)}</strong>{' '}
            <span className="muted">({c.actor === 'station' ? t('secretary:byStation') : c.actor})</span>
            <ul>
              {FIELDS.filter((f) => c.after[f]).map((f) => {
                const before = c.before[f as keyof typeof c.before];
                return (
                  <li key={f}>
                    {t(`roster.fields.${f}`)}: {before !== undefined && before !== null && <><s>{value(f, String(before))}</s> → </>}
                    {value(f, String(c.after[f]))}
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ol>
      <button type="button" autoFocus onClick={onClose}>{t('secretary:entries.close')}</button>
    </Modal>
  );
}
