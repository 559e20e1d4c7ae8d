import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../../common/contract/protocol';
import type { ParticipantChange } from '../../../common/contract/protocol-roster';
import { ATTENDANCE, PARTICIPANT_ROLES, type Attendance, type ParticipantRole } from '../../../common/protocol/kinds';
import { api } from '../core/core-client';
import { errorText } from './format';
import { RemoteApp } from './RemoteApp';
import { CorrectParticipant, ParticipantHistory, WithdrawParticipant } from './RosterDialogs';

/** Attendance by keyboard: P present, A absent, R remote, on the focused row. */
// By the key's place, not its letter: with the Kazakh or Russian layout on, P types «з».
const KEYS: Record<string, Attendance> = { KeyP: 'present', KeyA: 'absent', KeyR: 'remote' };
const KEY_OF: Partial<Record<Attendance, string>> = { present: 'P', absent: 'A', remote: 'R' };

/** `editable`: the core's answer for this hearing (a signed protocol's roster no longer changes). A line is corrected or withdrawn in a dialog. */
export function Roster({ hearingId, participants, onError, editable }: { hearingId: number; participants: Participant[]; onError(m: string): void; editable: boolean }) {
  const { t } = useTranslation('secretary');
  const [name, setName] = useState('');
  const [role, setRole] = useState<ParticipantRole>('witness');
  const [dialog, setDialog] = useState<{ kind: 'correct' | 'withdraw'; p: Participant } | { kind: 'history'; p: Participant; changes: ParticipantChange[] } | null>(null);

  async function mark(p: Participant, attendance: Attendance) {
    // Marked remote again, a remote line keeps the program it was given.
    const r = await api().protocol.setAttendance({ participantId: p.id, attendance, ...(attendance === 'remote' && p.app ? { app: p.app } : {}) });
    if (!r.ok) onError(errorText(r.error, t));
  }
  async function add(e: FormEvent) {
    e.preventDefault();
    const r = await api().protocol.addParticipant({ hearingId, name, role, attendance: 'present' });
    if (r.ok) setName('');
    else onError(errorText(r.error, t));
  }
  async function showHistory(p: Participant) {
    const r = await api().protocol.participantHistory({ participantId: p.id });
    if (r.ok) setDialog({ kind: 'history', p, changes: r.value });
    else onError(errorText(r.error, t));
  }

  return (
    <section className="roster" aria-labelledby="roster-heading">
      <h2 id="roster-heading">{t('roster.heading')}</h2>
      {participants.length === 0 ? <p className="muted">{t('roster.empty')}</p> : editable && <p className="muted hint">{t('roster.keysHint')}</p>}
      <ul>
        {participants.map((p) => (
          <li
            key={p.id}
            tabIndex={0}
            className={p.withdrawnAt ? 'withdrawn' : `attendance-${p.attendance}`}
            data-testid="participant"
            data-withdrawn={p.withdrawnAt ? 'true' : undefined}
            onKeyDown={(e) => {
              const a = KEYS[e.code];
              if (p.withdrawnAt) return;
              if (a && !e.altKey && !e.ctrlKey) {
                e.preventDefault();
                if (editable) void mark(p, a);
                else onError(t('roster.frozen'));
              }
            }}
          >
            <span className="p-name">{p.withdrawnAt ? <s>{p.name}</s> : p.name}</span>
            <span className="p-role">{p.withdrawnAt ? <s>{t(`protocol:roles.${p.role}`)}</s> : t(`protocol:roles.${p.role}`)}</span>
            {/* A withdrawn line keeps its place and its reason; it takes no attendance or correction. */}
            {p.withdrawnAt && <span className="p-withdrawn">{t('corrections:roster.withdrawn', { reason: p.withdrawReason ?? '' })}</span>}
            <span className="p-actions">
              {editable && !p.withdrawnAt && (
                <>
                  <button type="button" onClick={() => setDialog({ kind: 'correct', p })}>{t('corrections:roster.correct')}</button>
                  <button type="button" onClick={() => setDialog({ kind: 'withdraw', p })}>{t('corrections:roster.withdraw')}</button>
                </>
              )}
              <button type="button" onClick={() => void showHistory(p)}>{t('corrections:roster.history')}</button>
            </span>
            <span className="p-attendance" role="radiogroup" aria-label={t('roster.attendanceFor', { name: p.name })} hidden={!!p.withdrawnAt}>
              {ATTENDANCE.filter((a) => a !== 'unknown').map((a) => (
                <button key={a} type="button" role="radio" aria-checked={p.attendance === a} className={p.attendance === a ? 'on' : ''} tabIndex={-1} disabled={!editable} onClick={() => void mark(p, a)} aria-keyshortcuts={KEY_OF[a]}>
                  <kbd>{KEY_OF[a]}</kbd> {t(`protocol:attendance.${a}`)}
                </button>
              ))}
            </span>
            {p.attendance === 'remote' && !p.withdrawnAt && <RemoteApp p={p} editable={editable} onError={onError} />}
          </li>
        ))}
      </ul>
      {dialog?.kind === 'correct' && <CorrectParticipant p={dialog.p} onClose={() => setDialog(null)} onError={onError} />}
      {dialog?.kind === 'withdraw' && <WithdrawParticipant p={dialog.p} onClose={() => setDialog(null)} onError={onError} />}
      {dialog?.kind === 'history' && <ParticipantHistory p={dialog.p} changes={dialog.changes} onClose={() => setDialog(null)} />}
      <form className="add-participant" onSubmit={add} hidden={!editable}>
        <input aria-label={t('roster.name')} placeholder={t('roster.name')} value={name} onChange={(e) => setName(e.target.value)} />
        <select aria-label={t('roster.role')} value={role} onChange={(e) => setRole(e.target.value as ParticipantRole)}>
          {PARTICIPANT_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`protocol:roles.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t('roster.add')}</button>
      </form>
    </section>
  );
}
