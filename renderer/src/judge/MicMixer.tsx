import { useTranslation } from 'react-i18next';
import type { ReviewSession } from '../../../common/contract/review';
import type { PlayerSnapshot, ReviewPlayer } from './review-player';

// Per microphone (and the conference's sound, when recorded), what the listener hears of it in the mix: left out (mute) or raised and lowered
// (gain, 0–400 %). Folded away by default so that the sticky player stays small; a solo still
// plays its microphone alone, at its gain.

/** `outDb`: what the listener hears now (after solo, mute and gain), for the summary's meter. */
export function MicMixer({ player, session, snap, outDb, meterWidth }: { player: ReviewPlayer; session: ReviewSession; snap: PlayerSnapshot; outDb: number; meterWidth(db: number): string }) {
  const { t } = useTranslation('review');
  const changed = snap.muted.some(Boolean) || snap.gain.some((g) => g !== 1);
  return (
    <details className="mic-mixer" data-testid="mic-mixer">
      <summary>
        {t('aids.mixer.heading')}
        {changed ? ` · ${t('aids.mixer.changed')}` : ''}
        <span className="meter-bar out-meter" data-testid="output-level" data-db={Math.round(outDb)} title={t('aids.mixer.output')}>
          <span className="meter-fill" style={{ width: meterWidth(outDb) }} />
        </span>
      </summary>
      <div className="mixer-rows">
        {[...session.channels.map((c) => ({ row: c.channel, name: `${c.channel} · ${t(`app:roles.${c.role}`, { defaultValue: c.role })}` })), ...(player.conferenceRow ? [{ row: player.conferenceRow, name: t('player.conference') }] : [])].map(({ row, name }) => {
          const muted = snap.muted[row - 1] ?? false;
          const gain = snap.gain[row - 1] ?? 1;
          return (
            <div key={row} className="mixer-row" data-testid="mixer-row" data-channel={row}>
              <span className="mic-label">{name}</span>
              <button type="button" aria-pressed={muted} className={muted ? 'mute on' : 'mute'} onClick={() => player.setMuted(row, !muted)} aria-label={t('aids.mixer.muteOf', { name })} data-testid="mixer-mute">
                {muted ? t('aids.mixer.muted') : t('aids.mixer.mute')}
              </button>
              <input type="range" min={0} max={4} step={0.05} value={gain} onChange={(e) => player.setGain(row, Number(e.target.value))} aria-label={t('aids.mixer.gainOf', { name })} data-testid="mixer-gain" />
              <output className="mono">{`${Math.round(gain * 100)} %`}</output>
            </div>
          );
        })}
      </div>
    </details>
  );
}
