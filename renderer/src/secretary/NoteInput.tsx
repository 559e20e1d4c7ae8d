import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordingRef } from '../../../common/protocol/text';
import { formatPosition, timeOfDay } from './format';

export interface PendingNote {
  text: string;
  startedAt: string;
  recording: RecordingRef | null;
}

/**
 * A free note takes its time from the first keystroke, not from Enter: what was said when the
 * secretary started typing is what the note is about.
 */
export function NoteInput({ now, onSave, disabled }: { now(): RecordingRef | null; onSave(n: PendingNote): Promise<boolean>; disabled: boolean }) {
  const { t, i18n } = useTranslation('secretary');
  const [text, setText] = useState('');
  const pin = useRef<{ startedAt: string; recording: RecordingRef | null } | null>(null);

  async function save() {
    if (!text.trim() || !pin.current) return;
    const ok = await onSave({ text, ...pin.current });
    if (ok) {
      setText('');
      pin.current = null;
    }
  }
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      setText('');
      pin.current = null;
    }
  }
  return (
    <section className="note-input">
      <label htmlFor="note-text">{t('note.label')}</label>
      <textarea
        id="note-text"
        rows={2}
        value={text}
        disabled={disabled}
        placeholder={t('note.placeholder')}
        onChange={(e) => {
          if (!pin.current && e.target.value.trim()) pin.current = { startedAt: new Date().toISOString(), recording: now() };
          if (!e.target.value) pin.current = null;
          setText(e.target.value);
        }}
        onKeyDown={onKeyDown}
      />
      {pin.current && (
        <span className="muted pinned">
          {t('note.pinnedAt', { time: timeOfDay(pin.current.startedAt, i18n.language), position: formatPosition(pin.current.recording?.positionMs) })}
        </span>
      )}
    </section>
  );
}
