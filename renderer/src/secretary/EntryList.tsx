import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry, Participant, Revision } from '../../../common/contract/protocol';
import { CORRECTABLE_KINDS, type EntryKind } from '../../../common/protocol/kinds';
import { Modal } from '../components/Modal';
import { api } from '../core/core-client';
import { formatPosition, timeOfDay, errorText } from './format';

/** The protocol as it reads now, newest last; every edit or deletion is a new revision with its history. */
export function EntryList({ entries, participants, locked, onError }: { entries: Entry[]; participants: Participant[]; locked: boolean; onError(m: string): void }) {
  const { t, i18n } = useTranslation('secretary');
  // The speaker and the kind are corrected like the text: a new revision (speakerId '' = no speaker; a name off the roster stays as it was).
  const [editing, setEditing] = useState<{ id: number; text: string; reason: string; speakerId: string; kind: EntryKind } | null>(null);
  // A withdrawn roster line is no speaker any more.
  const speakers = participants.filter((p) => !p.withdrawnAt);
  const [history, setHistory] = useState<{ entry: Entry; revisions: Revision[] } | null>(null);
  const [removing, setRemoving] = useState<{ entry: Entry; reason: string } | null>(null);

  async function saveEdit() {
    if (!editing) return;
    const before = entries.find((e) => e.id === editing.id);
    const speaker = editing.speakerId === String(before?.speakerId ?? '') ? {} : editing.speakerId ? { speakerId: Number(editing.speakerId) } : { speakerId: null, speaker: null };
    const kind = before && editing.kind !== before.kind ? { kind: editing.kind } : {};
    const r = await api().protocol.editEntry({ entryId: editing.id, text: editing.text, ...speaker, ...kind, ...(editing.reason ? { reason: editing.reason } : {}), ...(locked ? { addendum: true } : {}) });
    if (r.ok) setEditing(null);
    else onError(errorText(r.error, t));
  }
  async function remove() {
    if (!removing) return;
    const r = await api().protocol.deleteEntry({ entryId: removing.entry.id, reason: removing.reason, ...(locked ? { addendum: true } : {}) });
    if (r.ok) setRemoving(null);
    else onError(errorText(r.error, t));
  }
  async function showHistory(e: Entry) {
    const r = await api().protocol.entryHistory({ entryId: e.id });
    if (r.ok) setHistory({ entry: e, revisions: r.value });
    else onError(errorText(r.error, t));
  }

  return (
    <section className="entries" aria-labelledby="entries-heading">
      <h2 id="entries-heading">{t('entries.heading')}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t('entries.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('entries.time')}</th>
              <th>{t('entries.position')}</th>
              <th>{t('entries.kind')}</th>
              <th>{t('entries.speaker')}</th>
              <th>{t('entries.text')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className={e.deleted ? 'deleted' : ''} data-testid="entry" data-kind={e.kind}>
                <td className="mono">{timeOfDay(e.startedAt, i18n.language)}</td>
                <td className="mono" data-testid="entry-position">{formatPosition(e.recordingPositionMs)}</td>
                <td>
                  {t(`protocol:kinds.${e.kind}`)}
                  {e.addendum && <span className="badge">{t('protocol:addendum')}</span>}
                </td>
                <td>{e.speaker ?? ''}</td>
                <td>
                  {editing?.id === e.id ? (
                    <div className="edit">
                      <textarea
                        autoFocus
                        aria-label={t('entries.text')}
                        value={editing.text}
                        onChange={(ev) => setEditing({ ...editing, text: ev.target.value })}
                        onKeyDown={(ev) => {
                          if (ev.key === 'Enter' && !ev.shiftKey) {
                            ev.preventDefault();
                            void saveEdit();
                          } else if (ev.key === 'Escape') setEditing(null);
                        }}
                      />
                      {CORRECTABLE_KINDS.includes(e.kind) && (
                        <select aria-label={t('corrections:entries.kind')} value={editing.kind} onChange={(ev) => setEditing({ ...editing, kind: ev.target.value as EntryKind })}>
                          {CORRECTABLE_KINDS.map((k) => (
                            <option key={k} value={k}>
                              {t(`protocol:kinds.${k}`)}
                            </option>
                          ))}
                        </select>
                      )}
                      <select aria-label={t('entries.speaker')} value={editing.speakerId} onChange={(ev) => setEditing({ ...editing, speakerId: ev.target.value })}>
                        <option value="">{t('events.noSpeaker')}</option>
                        {speakers.map((p) => (
                          <option key={p.id} value={String(p.id)}>
                            {p.name} ({t(`protocol:roles.${p.role}`)})
                          </option>
                        ))}
                      </select>
                      <input aria-label={t('entries.reason')} placeholder={t('entries.reason')} value={editing.reason} onChange={(ev) => setEditing({ ...editing, reason: ev.target.value })} />
                      <button type="button" className="primary" onClick={() => void saveEdit()}>
                        {t('entries.save')}
                      </button>
                      <button type="button" onClick={() => setEditing(null)}>
                        {t('entries.cancel')}
                      </button>
                    </div>
                  ) : (
                    <>
                      {e.deleted ? <s>{e.text}</s> : e.text}
                      {e.deleted && <span className="badge">{t('entries.deletedMark')}</span>}
                      {e.revision > 1 && <span className="badge subtle">{t('entries.revision', { n: e.revision })}</span>}
                    </>
                  )}
                </td>
                <td className="row-actions">
                  {!e.deleted && editing?.id !== e.id && (
                    <>
                      <button type="button" onClick={() => setEditing({ id: e.id, text: e.text, reason: '', speakerId: String(e.speakerId ?? ''), kind: e.kind })}>
                        {t('entries.edit')}
                      </button>
                      <button type="button" onClick={() => setRemoving({ entry: e, reason: '' })}>
                        {t('entries.delete')}
                      </button>
                    </>
                  )}
                  {e.revision > 1 && (
                    <button type="button" onClick={() => void showHistory(e)}>
                      {t('entries.history')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removing && (
        <Modal labelledBy="delete-heading" onClose={() => setRemoving(null)} testId="delete-dialog">
          <form
            method="dialog"
            onSubmit={(ev) => {
              ev.preventDefault();
              void remove();
            }}
          >
            <h3 id="delete-heading">{t('entries.deleteHeading')}</h3>
            <p className="muted">{removing.entry.text || t(`protocol:kinds.${removing.entry.kind}`)}</p>
            <label className="stack">
              {t('entries.deleteReason')}
              <input autoFocus value={removing.reason} onChange={(ev) => setRemoving({ ...removing, reason: ev.target.value })} />
            </label>
            <div className="row">
              <button type="submit" className="primary">
                {t('entries.delete')}
              </button>
              <button type="button" onClick={() => setRemoving(null)}>
                {t('entries.cancel')}
              </button>
            </div>
          </form>
        </Modal>
      )}
      {history && (
        <Modal labelledBy="history-heading" onClose={() => setHistory(null)}>
          <h3 id="history-heading">{t('entries.historyHeading')}</h3>
          <ol>
            {history.revisions.map((r, i) => (
              <li key={r.revision} data-testid="revision">
                <span className="mono">{timeOfDay(r.createdAt, i18n.language)}</span> {t('entries.revision', { n: r.revision })} · {t(`protocol:kinds.${r.kind}`)}: {r.deleted ? <s>{r.text}</s> : r.text}
                {i > 0 && r.kind !== history.revisions[i - 1]!.kind && <span className="badge subtle">{t('corrections:entries.kindChanged', { from: history.revisions[i - 1]!.kind, to: r.kind })}</span>}
                {r.reason && <em> — {r.reason}</em>} <span className="muted">({r.author === 'station' ? t('byStation') : r.author})</span>
              </li>
            ))}
          </ol>
          <button type="button" autoFocus onClick={() => setHistory(null)}>
            {t('entries.close')}
          </button>
        </Modal>
      )}
    </section>
  );
}
