import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordingState } from '../../../common/contract/recording';
import { api } from '../core/core-client';
import { errorText } from './format';

type Muted = RecordingState['muted'][number];

/** Whole minutes since `iso`, ticking every few seconds while shown. */
function useMinutesSince(iso: string | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!iso) return;
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, [iso]);
  return iso ? Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000)) : 0;
}

/** The station's limit of a privacy mute (settings.privacyMuteMinutes), read once. */
function useMuteLimit(): number | null {
  const [limit, setLimit] = useState<number | null>(null);
  useEffect(() => {
    void api().settings.get({}).then((r) => r.ok && setLimit(r.value.privacyMuteMinutes));
  }, []);
  return limit;
}

/** In place of a muted microphone's level: muted, for how many minutes, and when it switches back on by itself. */
export function MutedFor({ channel, since }: { channel: number; since: string }) {
  const { t } = useTranslation('secretary');
  const minutes = useMinutesSince(since);
  const limit = useMuteLimit();
  return (
    <span className="privacy-muted" data-testid={`muted-${channel}`} title={limit !== null ? t('hearing:privacyMute.mutedNote', { limit }) : undefined}>
      {t('hearing:privacyMute.muted', { minutes })}
    </span>
  );
}

/**
 * One microphone's privacy mute: "Mute" for a private conversation between a defendant and
 * counsel, and while muted the minutes it has run and "Unmute". The core decides (open hearing,
 * recording, not twice), writes the protocol entry and lifts it by itself after its minutes.
 */
export function PrivacyMuteControl({ hearingId, channel, muted, disabled }: { hearingId: number; channel: number; muted: Muted | undefined; disabled: boolean }) {
  const { t } = useTranslation('secretary');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const toggle = async () => {
    setBusy(true);
    setError('');
    const r = await api().hearing.privacyMute({ hearingId, channel, on: !muted });
    setBusy(false);
    if (!r.ok) setError(errorText(r.error, t));
  };
  return (
    <span className="privacy-mute" data-testid={`privacy-mute-${channel}`}>
      <button
        type="button"
        className={muted ? 'unmute' : 'mute'}
        disabled={busy || (disabled && !muted)}
        aria-pressed={Boolean(muted)}
        title={t(muted ? 'hearing:privacyMute.unmuteTitle' : 'hearing:privacyMute.muteTitle', { channel })}
        aria-label={t(muted ? 'hearing:privacyMute.unmuteTitle' : 'hearing:privacyMute.muteTitle', { channel })}
        onClick={() => void toggle()}
      >
        {t(muted ? 'hearing:privacyMute.unmute' : 'hearing:privacyMute.mute')}
      </button>
      {error && (
        <span className="privacy-mute-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
