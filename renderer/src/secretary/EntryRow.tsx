import { memo } from 'react';
import type { TFunction } from 'i18next';
import type { Entry, Participant } from '../../../common/contract/protocol';
import { CORRECTABLE_KINDS, type EntryKind } from '../../../common/protocol/kinds';
import { formatPosition, timeOfDay } from './format';

/** An entry being corrected: text, speaker ('' = no speaker) and kind, with the reason. */
export interface Editing {
  id: number;
  text: string;
  reason: string;
  speakerId: string;
  kind: EntryKind;
}

/** What a row asks of its list; one object for the list's lifetime, so a row's props change only with its own entry. */
export interface RowActions {
  edit(e: Entry): void;
  remove(e: Entry): void;
  history(e: Entry): void;
  change(next: Editing): void;
  save(): void;
  cancel(): void;
}

interface Props {
  entry: Entry;
  /** This row's correction in progress, or null. */
  editing: Editing | null;
  speakers: Participant[];
  t: TFunction;
  lang: string;
  actions: RowActions;
}

/**
 * One line of the protocol. Memoized: a hearing of thousands of entries draws only the row that
 * changed (the list keeps every unchanged entry object, hearing-changes.ts).
 */
export const EntryRow = memo(function EntryRow({ entry: e, editing, speakers, t, lang, actions }: Props) {
  return (
    <tr className={e.deleted ? 'deleted' : ''} data-testid="entry" data-kind={e.kind}>
      <td className="mono">{timeOfDay(e.startedAt, lang)}</td>
      <td className="mono" data-testid="entry-position">{formatPosition(e.recordingPositionMs)}</td>
      <td>
        {t(`protocol:kinds.${e.kind}`)}
        {e.addendum && <span className="badge">{t('protocol:addendum')}</span>}
      </td>
      <td>{e.speaker ?? ''}</td>
      <td>
        {editing ? (
          <div className="edit">
            <textarea
              autoFocus
              aria-label={t('secretary:entries.text')}
              value={editing.text}
              onChange={(ev) => actions.change({ ...editing, text: ev.target.value })}
              onKeyDown={(ev) => {
                if (ev.key === 'Enter' && !ev.shiftKey) {
                  ev.preventDefault();
                  actions.save();
                } else if (ev.key === 'Escape') actions.cancel();
              }}
            />
            {CORRECTABLE_KINDS.includes(e.kind) && (
              <select aria-label={t('corrections:entries.kind')} value={editing.kind} onChange={(ev) => actions.change({ ...editing, kind: ev.target.value as EntryKind })}>
                {CORRECTABLE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`protocol:kinds.${k}`)}
                  </option>
                ))}
              </select>
            )}
            <select aria-label={t('secretary:entries.speaker')} value={editing.speakerId} onChange={(ev) => actions.change({ ...editing, speakerId: ev.target.value })}>
              <option value="">{t('secretary:events.noSpeaker')}</option>
              {speakers.map((p) => (
                <option key={p.id} value={String(p.id)}>
                  {p.name} ({t(`protocol:roles.${p.role}`)})
                </option>
              ))}
            </select>
            <input aria-label={t('secretary:entries.reason')} placeholder={t('secretary:entries.reason')} value={editing.reason} onChange={(ev) => actions.change({ ...editing, reason: ev.target.value })} />
            <button type="button" className="primary" onClick={() => actions.save()}>
              {t('secretary:entries.save')}
            </button>
            <button type="button" onClick={() => actions.cancel()}>
              {t('secretary:entries.cancel')}
            </button>
          </div>
        ) : (
          <>
            {e.deleted ? <s>{e.text}</s> : e.text}
            {e.deleted && <span className="badge">{t('secretary:entries.deletedMark')}</span>}
            {e.revision > 1 && <span className="badge subtle">{t('secretary:entries.revision', { n: e.revision })}</span>}
          </>
        )}
      </td>
      <td className="row-actions">
        {!e.deleted && !editing && (
          <>
            <button type="button" onClick={() => actions.edit(e)}>
              {t('secretary:entries.edit')}
            </button>
            <button type="button" onClick={() => actions.remove(e)}>
              {t('secretary:entries.delete')}
            </button>
          </>
        )}
        {e.revision > 1 && (
          <button type="button" onClick={() => actions.history(e)}>
            {t('secretary:entries.history')}
          </button>
        )}
      </td>
    </tr>
  );
});
