import { useTranslation } from 'react-i18next';
import type { Levels } from '../../../common/contract/recording';
import { CameraPreviews } from '../video/CameraPreviews';
import { formatPosition } from './format';
import { LastRoomTestLine } from './OpenHearing';
import { MutedFor, PrivacyMuteControl } from './PrivacyMute';
import { isLive, useRecording } from './recording-context';

/** A camera alarm names the camera as the tiles do ("Камера 1"), never by its track id ("cam1"). */
function cameraLabel(params: Record<string, string | number>, t: (k: string, o?: Record<string, unknown>) => string): { label?: string } {
  const track = typeof params.track === 'string' ? params.track : '';
  if (track === 'screen') return { label: t('video:screen') };
  const n = /^cam(\d+)$/.exec(track)?.[1];
  return n ? { label: t('video:camera', { n }) } : {};
}

/** Meter scale: -60 dBFS (empty) to 0 dBFS (full). */
const meterWidth = (db: number) => `${Math.max(0, Math.min(100, ((db + 60) / 60) * 100)).toFixed(1)}%`;

/** One meter's bar and its number. */
function MeterBar({ rms, peak, label }: { rms: number; peak: number; label: string }) {
  const { t } = useTranslation('secretary');
  return (
    <>
      <span className="meter-bar" role="meter" aria-valuemin={-60} aria-valuemax={0} aria-valuenow={Math.round(rms)} aria-label={label}>
        <span className={peak > -1 ? 'meter-fill clip' : 'meter-fill'} style={{ width: meterWidth(rms) }} />
        <span className="meter-peak" style={{ left: meterWidth(peak) }} />
      </span>
      <span className="meter-db">{rms <= -90 ? t('recording.silent') : t('recording.db', { value: rms.toFixed(0).replace('-', '−') })}</span>
    </>
  );
}

/** The conference track's meter (one line, its loudest channel): shown while its sound comes in. */
function ConferenceMeter({ levels }: { levels: NonNullable<Levels['conference']> }) {
  const { t } = useTranslation('secretary');
  const rms = Math.max(-120, ...levels.map((l) => l.rmsDb));
  const peak = Math.max(-120, ...levels.map((l) => l.peakDb));
  return (
    <li className="meter meter-conference" data-testid="meter-conference">
      <span className="meter-label">{t('recording.conference')}</span>
      <MeterBar rms={rms} peak={peak} label={t('recording.conference')} />
    </li>
  );
}

/**
 * One hearing's record: its state, elapsed time, live levels and alarms. It has no buttons that
 * move the recorder: the hearing's events do (opening, recess, resumption, closing), in the core.
 * Each microphone has its privacy mute (PrivacyMute.tsx): while muted it records silence.
 */
export function RecordingPanel({ hearingId, beforeOpening }: { hearingId: number; beforeOpening: boolean }) {
  const { t } = useTranslation('secretary');
  const { forHearing, levels, alarms, dismiss, lost } = useRecording();
  const state = forHearing(hearingId);
  const active = isLive(state) && !lost;
  const ownLevels = active && levels?.sessionId === state.sessionId ? levels : undefined;

  const roles = state.channels;
  const byChannel = new Map(ownLevels?.channels.map((c) => [c.channel, c]) ?? []);
  return (
    <section className={`recording-panel rec-${lost ? 'lost' : state.state}`} aria-labelledby="rec-heading">
      <div className="rec-head">
        <h2 id="rec-heading">{t('recording.heading')}</h2>
        <span className="rec-state" data-testid="recording-state">
          {lost ? t('recording.lost') : state.state === 'paused' && state.pauseReason ? t(`recording:pauseReason.${state.pauseReason}`) : t(`recording:state.${state.state}`)}
        </span>
        {!lost && (
          <span className="rec-elapsed" aria-label={t('recording.elapsed')} data-testid="recording-elapsed">
            {formatPosition((ownLevels?.position ?? state.position) * 1000)}
          </span>
        )}
        {state.segments > 0 && <span className="rec-segments">{t('recording.segments', { count: state.segments })}</span>}
      </div>
      {/* Before the opening: whether the room was tested (the meters take its place once recording). */}
      {!active && beforeOpening && <LastRoomTestLine hearingId={hearingId} />}
      {/* The cameras' tiles say "recording" from the page's own recorder: not while the core that keeps the video is gone. */}
      {!lost && <CameraPreviews compact />}
      {alarms.length > 0 && (
        // Its own scrolling box of bounded height: however many alarms, the meters and the event bar stay on screen.
        <div className="alarms" role="alert" aria-live="assertive" data-testid="alarms">
          <strong>{t('recording.alarmsHeading')}</strong>
          {alarms.map((a) => (
            <div key={a.key} className={`alarm alarm-${a.kind}`} data-testid="alarm">
              <span>
                {t(a.code, { ...a.params, ...cameraLabel(a.params, t), role: a.role ? t(`app:roles.${a.role}`, { defaultValue: a.role }) : '' })}
                {a.count > 1 && (
                  <span className="alarm-count" data-testid="alarm-count">
                    {t('recording.alarmCount', { n: a.count })}
                  </span>
                )}
              </span>
              <button type="button" onClick={() => dismiss(a)}>
                {t('recording.dismiss')}
              </button>
            </div>
          ))}
        </div>
      )}
      {active && roles.length > 0 && (
        <ul className="meters" aria-label={t('recording.heading')}>
          {roles.map((c) => {
            const l = byChannel.get(c.channel);
            const rms = l?.rmsDb ?? -120;
            const peak = l?.peakDb ?? -120;
            const muted = state.muted.find((m) => m.channel === c.channel);
            return (
              <li key={c.channel} className={muted ? 'meter muted' : 'meter'} data-testid={`meter-${c.channel}`}>
                <span className="meter-label">
                  {t('recording.channel', { channel: c.channel })} · {t(`app:roles.${c.role}`, { defaultValue: c.role })}
                </span>
                {muted ? <MutedFor channel={c.channel} since={muted.since} /> : <MeterBar rms={rms} peak={peak} label={t('recording.channel', { channel: c.channel })} />}
                <PrivacyMuteControl hearingId={hearingId} channel={c.channel} muted={muted} disabled={state.state !== 'recording'} />
              </li>
            );
          })}
          {ownLevels?.conference && ownLevels.conference.length > 0 && <ConferenceMeter levels={ownLevels.conference} />}
        </ul>
      )}
    </section>
  );
}
