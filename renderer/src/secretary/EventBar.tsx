import { useTranslation } from 'react-i18next';
import type { Participant } from '../../../common/contract/protocol';
import { KIND_INFO, LOGGABLE_KINDS, type EntryKind } from '../../../common/protocol/kinds';

export interface EventChoice {
  speakerId: number | null;
  exhibitNumber: string;
  exhibitDescription: string;
}

/** Every event of a hearing as a button with its Alt+letter hotkey; the speaker and exhibit fields feed them. */
export function EventBar({
  participants,
  choice,
  onChoice,
  onLog,
  allowed,
  refusal,
}: {
  participants: Participant[];
  choice: EventChoice;
  onChoice(c: EventChoice): void;
  onLog(kind: EntryKind): void;
  /** The kinds the hearing takes now (the core's answer); the others' buttons are disabled. */
  allowed: readonly EntryKind[];
  /** Why none is taken (a closed or signed hearing), shown above the buttons. */
  refusal: string | null;
}) {
  const { t } = useTranslation('secretary');
  return (
    <section className="event-bar" aria-labelledby="events-heading">
      <h2 id="events-heading">
        {t('events.heading')} <small className="muted">{t('events.hotkeysHint')}</small>
      </h2>
      <div className="event-fields">
        <label>
          {t('events.speaker')}
          <select
            id="event-speaker"
            value={choice.speakerId ?? ''}
            onChange={(e) => onChoice({ ...choice, speakerId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t('events.noSpeaker')}</option>
            {participants.filter((p) => !p.withdrawnAt).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({t(`protocol:roles.${p.role}`)})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('events.exhibit')}
          <input id="event-exhibit" size={6} value={choice.exhibitNumber} onChange={(e) => onChoice({ ...choice, exhibitNumber: e.target.value })} />
        </label>
        <label className="grow">
          {t('events.exhibitDescription')}
          <input value={choice.exhibitDescription} onChange={(e) => onChoice({ ...choice, exhibitDescription: e.target.value })} />
        </label>
      </div>
      {refusal && (
        <p className="event-refusal" data-testid="event-refusal">
          {refusal}
        </p>
      )}
      <div className="event-buttons">
        {LOGGABLE_KINDS.filter((k) => k !== 'note').map((k) => (
          <button key={k} type="button" disabled={!allowed.includes(k)} onClick={() => onLog(k)} aria-keyshortcuts={`Alt+${KIND_INFO[k].hotkey}`} data-kind={k}>
            <kbd>{KIND_INFO[k].hotkey}</kbd> {t(`protocol:kinds.${k}`)}
          </button>
        ))}
      </div>
    </section>
  );
}
