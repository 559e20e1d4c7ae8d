import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LastRoomTest } from '../../../common/contract/recording';
import { ReasonDialog } from '../components/ReasonDialog';
import { api } from '../core/core-client';
import { dateTime, errorText } from './format';

// Opening a hearing on a room without a passed room test: the core refuses (roomcheck.noValidTest)
// and this dialog asks for the written reason, then opens with it. The core decides, not the page:
// a test that expires while the secretary reads the schedule is caught the same way.

type Refusal = { validHours: number; lastAt: string; lastReady: string };

/** The opening action of the console: `start()` opens, or asks for the reason in a modal dialog. */
export function useOpenHearing(hearingId: number, onError: (m: string) => void): { start(): Promise<void>; dialog: ReactNode } {
  const { t } = useTranslation('roomcheck');
  const [asking, setAsking] = useState<Refusal | null>(null);

  async function start() {
    const r = await api().protocol.startHearing({ hearingId, startedAt: new Date().toISOString() });
    if (r.ok) return;
    if (r.error.code === 'roomcheck.noValidTest') setAsking(r.error.params as unknown as Refusal);
    else onError(errorText(r.error, t));
  }

  const dialog = asking && <RoomTestReason hearingId={hearingId} refusal={asking} onClose={() => setAsking(null)} />;
  return { start, dialog };
}

function RoomTestReason({ hearingId, refusal, onClose }: { hearingId: number; refusal: Refusal; onClose(): void }) {
  const { t, i18n } = useTranslation('roomcheck');
  const verdict = refusal.lastReady === 'ready' ? t('console.ready') : t('console.notReady');
  return (
    <ReasonDialog
      id="room-test-reason"
      testId="room-test-reason"
      heading={t('console.dialogHeading')}
      label={t('console.reason')}
      maxLength={200}
      confirm={t('console.open')}
      back={t('console.cancel')}
      textTestId="room-test-reason-text"
      onConfirm={(roomTestReason) => api().protocol.startHearing({ hearingId, startedAt: new Date().toISOString(), roomTestReason })}
      errorText={(e) => errorText(e, t)}
      onClose={onClose}
    >
      <p>{t('console.dialogBody', { hours: refusal.validHours })}</p>
      <p className="muted" data-testid="room-test-reason-last">
        {refusal.lastReady === 'none' ? t('console.lastNone') : t('console.lastWas', { verdict, at: dateTime(refusal.lastAt, i18n.language) })}
      </p>
    </ReasonDialog>
  );
}

/** The last room test as the secretary sees it before opening: ready or not, when, by whom; or none. */
export function LastRoomTestLine({ hearingId }: { hearingId: number }) {
  const { t, i18n } = useTranslation('roomcheck');
  const [last, setLast] = useState<LastRoomTest>();
  useEffect(() => {
    const read = () => void api().recording.lastRoomTest({}).then((r) => r.ok && setLast(r.value));
    read();
    // A test run in the technician's tab shows up, and one that expires says so, within a minute.
    const timer = setInterval(read, 60_000);
    return () => clearInterval(timer);
  }, [hearingId]);
  if (!last) return null;
  const test = last.test;
  return (
    <p className={`room-test-last ${last.valid ? 'advice-ok' : 'advice-silent'}`} data-testid="room-test-last" data-valid={String(last.valid)}>
      <strong>{t('console.label')}:</strong>{' '}
      {test ? (
        <>
          {test.ready ? t('console.ready') : t('console.notReady')}, {dateTime(test.at, i18n.language)}
          {test.by && <> · {t('console.by', { name: test.by })}</>}
        </>
      ) : (
        t('console.none')
      )}
      {!last.valid && <> · {t('console.stale', { hours: last.validHours })}</>}
    </p>
  );
}
