import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry, Participant, Revision } from '../../../common/contract/protocol';
import { Modal } from '../components/Modal';
import { api } from '../core/core-client';
import { EntryRow, type Editing, type RowActions } from './EntryRow';
import { useRowWindow } from './row-window';
import { timeOfDay, errorText } from './format';

const NO_SPEAKERS: Participant[] = [];

/** The protocol as it reads now, newest last; every edit or deletion is a new revision with its history. */
export function EntryList({ entries, participants, locked, onError }: { entries: Entry[]; participants: Participant[]; locked: boolean; onError(m: string): void }) {
  const { t, i18n } = useTranslation('secretary');
  // The speaker and the kind are corrected like the text: a new revision (speakerId '' = no speaker; a name off the roster stays as it was).
  const [editing, setEditing] = useState<Editing | null>(null);
  // A withdrawn roster line is no speaker any more.
  const speakers = useMemo(() => participants.filter((p) => !p.withdrawnAt), [participants]);
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
  // The rows get one stable object that calls this render's functions: a row is drawn again only when its entry changes.
  const latest = useRef({ saveEdit, showHistory });
  latest.current = { saveEdit, showHistory };
  const actions = useMemo<RowActions>(
    () => ({
      edit: (e) => setEditing({ id: e.id, text: e.text, reason: '', speakerId: String(e.speakerId ?? ''), kind: e.kind }),
      remove: (e) => setRemoving({ entry: e, reason: '' }),
      history: (e) => void latest.current.showHistory(e),
      change: setEditing,
      save: () => void latest.current.saveEdit(),
      cancel: () => setEditing(null),
    }),
    [],
  );

  // A long protocol draws the rows near the view and the newest (row-window.ts).
  const table = useRef<HTMLTableElement>(null);
  const keep = editing ? entries.findIndex((e) => e.id === editing.id) : null;
  const { ranges, rowPx } = useRowWindow(entries.length, table, keep);
  const row = (e: Entry) => <EntryRow key={e.id} entry={e} editing={editing?.id === e.id ? editing : null} speakers={editing?.id === e.id ? speakers : NO_SPEAKERS} t={t} lang={i18n.language} actions={actions} />;
  const spacer = (key: string, rows: number) =>
    rows > 0 && (
      <tr key={key} className="rows-skipped" aria-hidden="true" style={{ height: rows * rowPx }}>
        <td colSpan={6} />
      </tr>
    );
  const body = ranges.flatMap(([from, to], i) => [spacer(`skip-${i}`, from - (i ? ranges[i - 1]![1] : 0)), ...entries.slice(from, to).map(row)]);
  const lastTo = ranges.length ? ranges[ranges.length - 1]![1] : 0;

  return (
    <section className="entries" aria-labelledby="entries-heading">
      <h2 id="entries-heading">{t('entries.heading')}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t('entries.empty')}</p>
      ) : (
        <table ref={table}>
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
            {body}
            {spacer('skip-end', entries.length - lastTo)}
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
