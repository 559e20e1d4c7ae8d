import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HearingDetail } from '../../../common/contract/protocol';
import { ENTRY_KINDS, KIND_INFO, type EntryKind } from '../../../common/protocol/kinds';
import type { RecordingRef } from '../../../common/protocol/text';
import { api } from '../core/core-client';
import { EntryList } from './EntryList';
import { EventBar, type EventChoice } from './EventBar';
import { ExportPanel } from './ExportPanel';
import { dateTime } from './format';
import { NoteInput, type PendingNote } from './NoteInput';
import { RecordingPanel } from './RecordingPanel';
import { useRecording } from './recording-context';
import { Remarks } from './Remarks';
import { Roster } from './Roster';

/** Events that move the recorder: a recess or deliberation pauses it, resuming resumes, closing stops. */
const PAUSES: Partial<Record<EntryKind, 'recess' | 'deliberation'>> = { recess: 'recess', deliberation: 'deliberation' };
const RESUMES = new Set<EntryKind>(['resumed', 'decision_announced']);

export function HearingView({ hearingId, onError }: { hearingId: number; onError(m: string): void }) {
  const { t, i18n } = useTranslation('secretary');
  const recording = useRecording();
  const [detail, setDetail] = useState<HearingDetail>();
  const [choice, setChoice] = useState<EventChoice>({ speakerId: null, exhibitNumber: '', exhibitDescription: '' });
  const [notRecording, setNotRecording] = useState('');

  const reload = useCallback(
    () => void api().protocol.getHearing({ hearingId }).then((r) => (r.ok ? setDetail(r.value) : onError(r.error.message))),
    [hearingId, onError],
  );
  useEffect(() => {
    reload();
    return api().on.protocol.changed((c) => c.hearingId === hearingId && reload());
  }, [hearingId, reload]);

  const hearing = detail?.hearing;
  const recState = recording.state?.state;
  const recordingThis = (recState === 'recording' || recState === 'paused') && recording.state?.hearingId === String(hearingId);

  /** Starts the recorder; resolves with where it is, or null (and a banner nobody can miss) when it failed. */
  async function startRecording(): Promise<RecordingRef | null> {
    const r = await api().recording.start({ hearingId: String(hearingId), ...(hearing ? { caseRef: hearing.caseNumber } : {}) });
    if (r.ok) {
      setNotRecording('');
      return r.value.sessionId ? { sessionId: r.value.sessionId, positionMs: Math.round(r.value.position * 1000) } : null;
    }
    // The hearing goes on, but nobody may miss that it is not being recorded.
    setNotRecording(r.error.message);
    return null;
  }

  async function startHearing() {
    if (!hearing) return;
    const startedAt = new Date().toISOString();
    const rec = recordingThis ? recording.now() : await startRecording();
    const r = await api().protocol.startHearing({ hearingId, startedAt, recording: rec });
    if (!r.ok) onError(r.error.message);
  }

  const logEvent = useCallback(
    async (kind: EntryKind) => {
      if (!hearing) return;
      const info = KIND_INFO[kind];
      // Ask the core what the recorder is doing: a keypress can arrive before this closure has
      // seen the last state event, and the core is the one that knows.
      const recorder = async () => {
        const r = await api().recording.state({});
        return r.ok ? r.value : null;
      };
      if (RESUMES.has(kind) && (await recorder())?.state === 'paused') await api().recording.resume({});
      const exhibit = info.exhibit && choice.exhibitNumber.trim() ? { number: choice.exhibitNumber.trim(), ...(choice.exhibitDescription.trim() ? { description: choice.exhibitDescription.trim() } : {}) } : undefined;
      const r = await api().protocol.logEntry({
        hearingId,
        kind,
        ...(info.speaker !== 'none' && choice.speakerId ? { speakerId: choice.speakerId } : {}),
        ...(exhibit ? { exhibit } : {}),
        startedAt: new Date().toISOString(),
        recording: recording.now(),
        ...(hearing.locked ? { addendum: true } : {}),
      });
      if (!r.ok) {
        onError(r.error.message);
        if (info.speaker === 'required') document.getElementById('event-speaker')?.focus();
        if (info.exhibit) document.getElementById('event-exhibit')?.focus();
        return;
      }
      if (info.exhibit) setChoice((c) => ({ ...c, exhibitDescription: '' }));
      const pause = PAUSES[kind];
      if (pause || kind === 'closed') {
        const now = await recorder();
        if (pause && now?.state === 'recording') await api().recording.pause({ reason: pause });
        const ours = now?.hearingId === String(hearingId) && (now.state === 'recording' || now.state === 'paused');
        if (kind === 'closed' && ours) await api().recording.stop({});
      }
    },
    [hearing, hearingId, choice, recording, onError],
  );

  // Alt+letter logs an event, from anywhere in the console (also while typing a note). The
  // listener reads the latest hearing and handler through a ref set during render, so a key
  // pressed right after a state change never meets the previous render's closure.
  const latest = useRef({ hearing, logEvent });
  latest.current = { hearing, logEvent };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { hearing: h, logEvent: log } = latest.current;
      if (!e.altKey || e.ctrlKey || e.metaKey || !h || h.status === 'scheduled') return;
      const letter = e.code.startsWith('Key') ? e.code.slice(3) : '';
      const kind = ENTRY_KINDS.find((k) => k !== 'note' && KIND_INFO[k].hotkey === letter);
      if (kind) {
        e.preventDefault();
        void log(kind);
      } else if (letter === KIND_INFO.note.hotkey) {
        e.preventDefault();
        document.getElementById('note-text')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  async function saveNote(n: PendingNote): Promise<boolean> {
    const r = await api().protocol.logEntry({
      hearingId,
      kind: 'note',
      text: n.text,
      startedAt: n.startedAt,
      recording: n.recording,
      ...(choice.speakerId ? { speakerId: choice.speakerId } : {}),
      ...(hearing?.locked ? { addendum: true } : {}),
    });
    if (!r.ok) onError(r.error.message);
    return r.ok;
  }

  if (!detail || !hearing) return null;
  const started = hearing.status !== 'scheduled';
  return (
    <div className="hearing-view">
      <header className="hearing-head">
        <h2>
          {t('case')} {hearing.caseNumber}
        </h2>
        <span className={`badge status-${hearing.locked ? 'signed' : hearing.status}`} data-testid="hearing-status">
          {t(`protocol:status.${hearing.locked ? 'signed' : hearing.status}`)}
        </span>
        <span className="muted">{t(`protocol:categories.${hearing.category}`)}</span>
        {hearing.judge && (
          <span>
            {t('judge')}: {hearing.judge}
          </span>
        )}
        <span className="muted">
          {hearing.actualStart ? `${t('started')}: ${dateTime(hearing.actualStart, i18n.language)}` : `${t('scheduled')}: ${dateTime(hearing.scheduledStart, i18n.language)}`}
        </span>
        {hearing.locked && <span className="badge">{t('locked', { by: hearing.signedBy ?? '', at: dateTime(hearing.signedAt, i18n.language) })}</span>}
        {!started && (
          <button type="button" className="rec-big start" onClick={() => void startHearing()} title={t('startHearingHint')}>
            ● {t('startHearing')}
          </button>
        )}
      </header>
      {notRecording && started && hearing.status !== 'closed' && (
        <div className="not-recording" role="alert">
          <strong>{t('notRecordingWarning', { reason: notRecording })}</strong>
          <button type="button" onClick={() => void startRecording()}>
            {t('retryRecording')}
          </button>
        </div>
      )}
      <div className="hearing-grid">
        <div className="col-main">
          <RecordingPanel hearingId={hearingId} caseRef={hearing.caseNumber} onError={onError} />
          <EventBar participants={detail.participants} choice={choice} onChoice={setChoice} onLog={(k) => void logEvent(k)} disabled={!started} />
          <NoteInput now={recording.now} onSave={saveNote} disabled={!started} />
          <EntryList entries={detail.entries} locked={hearing.locked} onError={onError} />
        </div>
        <div className="col-side">
          <Roster hearingId={hearingId} participants={detail.participants} onError={onError} />
          <ExportPanel hearing={hearing} onError={onError} />
          <Remarks hearing={hearing} onError={onError} />
        </div>
      </div>
    </div>
  );
}
