import { ObservedBanner } from './ObservedBanner';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Allowed } from '../../../common/contract/hearing';
import type { HearingDetail } from '../../../common/contract/protocol';
import { errorKey } from '../../../common/errors';
import { KIND_INFO, LOGGABLE_KINDS, type EntryKind } from '../../../common/protocol/kinds';
import { screenOf, useAuth } from '../auth/auth-store';
import { api, onConnection } from '../core/core-client';
import { EntryList } from './EntryList';
import { EventBar, type EventChoice } from './EventBar';
import { ExportPanel } from './ExportPanel';
import { CancelledBanner, HeaderActions, HeaderFacts } from './HearingHeader';
import { dateTime, duration, timeOfDay, errorText } from './format';
import { applyChange, withEntry } from './hearing-changes';
import { NoteInput, type PendingNote } from './NoteInput';
import { useOpenHearing } from './OpenHearing';
import { RecordingPanel } from './RecordingPanel';
import { isLive, useRecording } from './recording-context';
import { Remarks } from './Remarks';
import { Roster } from './Roster';

export function HearingView({ hearingId, onError }: { hearingId: number; onError(m: string): void }) {
  const { t, i18n } = useTranslation('secretary');
  const recording = useRecording();
  const [detail, setDetail] = useState<HearingDetail>();
  // What the core's rules let this hearing take now: buttons it would refuse are disabled.
  const [allowed, setAllowed] = useState<Allowed>();
  const [choice, setChoice] = useState<EventChoice>({ speakerId: null, exhibitNumber: '', exhibitDescription: '' });

  const loadAllowed = useCallback(() => void api().hearing.allowed({ hearingId }).then((r) => r.ok && setAllowed(r.value)), [hearingId]);
  // Set when events may have been missed (the bridge reconnected); cleared by a full read.
  const stale = useRef(false);
  const reload = useCallback(() => {
    void api().protocol.getHearing({ hearingId }).then((r) => {
      if (r.ok) {
        stale.current = false;
        setDetail(r.value);
      } else if (!r.error.code.startsWith('auth.')) onError(errorText(r.error, t));
    });
    loadAllowed();
  }, [hearingId, onError, t, loadAllowed]);
  // Read once, then kept current change by change (hearing-changes.ts): a note in a long hearing
  // moves one row, not the whole protocol. What the rules allow is asked again only when the
  // header changed; after a lost connection (events may be missed) everything is read again.
  useEffect(() => {
    reload();
    const offChanges = api().on.protocol.changed((c) => {
      if (c.hearingId !== hearingId) return;
      if (c.change === 'signed') return reload();
      setDetail((d) => (d ? applyChange(d, c).detail : d));
      if (c.hearing) loadAllowed();
    });
    const offConnection = onConnection((s) => {
      if (s !== 'connected') stale.current = true;
      else if (stale.current) reload();
    });
    return () => {
      offChanges();
      offConnection();
    };
  }, [hearingId, reload, loadAllowed]);

  // A reconnected bridge carries nobody: the read that failed for want of a person is made once they are back.
  const signedIn = screenOf(useAuth()) === 'in';
  useEffect(() => {
    if (signedIn && stale.current) reload();
  }, [signedIn, reload]);

  const hearing = detail?.hearing;
  const mine = recording.forHearing(hearingId);
  const open = !!hearing && hearing.status !== 'scheduled' && hearing.status !== 'closed' && !hearing.locked && !hearing.cancelled;
  const unrecorded = open && !recording.lost && !isLive(mine);
  const interruptions = detail?.entries.filter((e) => e.kind === 'recording_interrupted' && !e.deleted) ?? [];
  const interrupted = interruptions[interruptions.length - 1];

  // The core owns the hearing's rules: opening starts the recording, a recess pauses it, closing
  // stops it. The console only says what happened and when (and asks why, on an untested room).
  const opening = useOpenHearing(hearingId, onError);

  async function retryRecording() {
    const r = await api().recording.start({ hearingId });
    if (!r.ok) onError(errorText(r.error, t));
  }

  const logEvent = useCallback(
    async (kind: EntryKind) => {
      if (!hearing) return;
      const info = KIND_INFO[kind];
      const exhibit = info.exhibit && choice.exhibitNumber.trim() ? { number: choice.exhibitNumber.trim(), ...(choice.exhibitDescription.trim() ? { description: choice.exhibitDescription.trim() } : {}) } : undefined;
      const r = await api().protocol.logEntry({
        hearingId,
        kind,
        ...(info.speaker !== 'none' && choice.speakerId ? { speakerId: choice.speakerId } : {}),
        ...(exhibit ? { exhibit } : {}),
        startedAt: new Date().toISOString(),
        ...(hearing.locked ? { addendum: true } : {}),
      });
      if (!r.ok) {
        onError(errorText(r.error, t));
        if (info.speaker === 'required') document.getElementById('event-speaker')?.focus();
        if (info.exhibit) document.getElementById('event-exhibit')?.focus();
        return;
      }
      if (info.exhibit) setChoice((c) => ({ ...c, exhibitDescription: '' }));
    },
    [hearing, hearingId, choice, onError, t],
  );

  // Alt+letter logs an event, from anywhere in the console (also while typing a note); F9 starts
  // the recording again when the open hearing is not being recorded. The listener reads the latest
  // hearing and handlers through a ref set during render, so a key pressed right after a state
  // change never meets the previous render's closure.
  const refused = allowed?.refusal ? t(errorKey(allowed.refusal.code), allowed.refusal.params) : null;
  const latest = useRef({ hearing, logEvent, unrecorded, retryRecording, allowed, refused, onError });
  latest.current = { hearing, logEvent, unrecorded, retryRecording, allowed, refused, onError };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { hearing: h, logEvent: log } = latest.current;
      if (e.key === 'F9' && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
        e.preventDefault();
        if (latest.current.unrecorded) void latest.current.retryRecording();
        return;
      }
      if (!e.altKey || e.ctrlKey || e.metaKey || !h || h.status === 'scheduled') return;
      const letter = e.code.startsWith('Key') ? e.code.slice(3) : '';
      const kind = letter ? LOGGABLE_KINDS.find((k) => k !== 'note' && KIND_INFO[k].hotkey === letter) : undefined;
      if (kind) {
        e.preventDefault();
        // A closed or signed hearing answers at once with the core's reason; otherwise the core decides.
        const { allowed: now, refused: why } = latest.current;
        if (now && !now.kinds.includes(kind) && why) latest.current.onError(why);
        else void log(kind);
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
      ...(choice.speakerId ? { speakerId: choice.speakerId } : {}),
      ...(hearing?.locked ? { addendum: true } : {}),
    });
    if (!r.ok) onError(errorText(r.error, t));
    // The core's answer is the entry too: shown even if its event were missed (the same one is kept as it is).
    else setDetail((d) => (d && d.hearing.id === hearingId ? withEntry(d, r.value) : d));
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
        {hearing.cancelled ? (
          <span className="badge status-cancelled" data-testid="hearing-status">
            {t('header:cancelledPill')}
          </span>
        ) : (
          <span className={`badge status-${hearing.locked ? 'signed' : hearing.status}`} data-testid="hearing-status">
            {t(`protocol:status.${hearing.locked ? 'signed' : hearing.status}`)}
          </span>
        )}
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
        <HeaderFacts hearing={hearing} />
        <HeaderActions hearing={hearing} editable={allowed?.roster ?? false} onError={onError} />
        {!started && !hearing.cancelled && (
          <button type="button" className="rec-big start" onClick={() => void opening.start()} title={t('startHearingHint')}>
            ● {t('startHearing')}
          </button>
        )}
      </header>
      {opening.dialog}
      <CancelledBanner hearing={hearing} />
      {started && <ObservedBanner />}
      {unrecorded && (
        <div className="not-recording" role="alert" data-testid="not-recording">
          <strong>{interrupted ? t('notRecordingShort') : t('notRecordingWarning')}</strong>
          {interrupted && (
            <span data-testid="interruption-now">
              {t('interrupted', { from: timeOfDay(interrupted.startedAt, i18n.language), duration: duration(Date.parse(interrupted.createdAt) - Date.parse(interrupted.startedAt), t) })}
            </span>
          )}
          <button type="button" className="primary" onClick={() => void retryRecording()} aria-keyshortcuts="F9">
            <kbd>F9</kbd> {t('retryRecording')}
          </button>
        </div>
      )}
      {!unrecorded && interrupted && (
        <p className="interruption-note" data-testid="interruption">
          {t('interruptedEarlier', { times: interruptions.length, from: timeOfDay(interrupted.startedAt, i18n.language), duration: duration(Date.parse(interrupted.createdAt) - Date.parse(interrupted.startedAt), t) })}
        </p>
      )}
      <div className="hearing-grid">
        <div className="col-main">
          <RecordingPanel hearingId={hearingId} beforeOpening={hearing.status === 'scheduled' && !hearing.cancelled} />
          <EventBar participants={detail.participants} choice={choice} onChoice={setChoice} onLog={(k) => void logEvent(k)} allowed={started && !recording.lost ? (allowed?.kinds ?? []) : []} refusal={refused} />
          <NoteInput now={recording.now} onSave={saveNote} disabled={!started || !!hearing.cancelled} />
          <EntryList entries={detail.entries} participants={detail.participants} locked={hearing.locked} onError={onError} />
        </div>
        <div className="col-side">
          <Roster hearingId={hearingId} participants={detail.participants} onError={onError} editable={allowed?.roster ?? false} />
          <ExportPanel hearing={hearing} onError={onError} />
          <Remarks hearing={hearing} onError={onError} />
        </div>
      </div>
    </div>
  );
}
