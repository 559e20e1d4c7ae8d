import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PauseReason } from '../../../common/contract/recording';
import { api } from '../core/core-client';
import { CameraPreviews } from '../video/CameraPreviews';
import { formatPosition } from './format';
import { useRecording } from './recording-context';

/** Meter scale: -60 dBFS (empty) to 0 dBFS (full). */
const meterWidth = (db: number) => `${Math.max(0, Math.min(100, ((db + 60) / 60) * 100)).toFixed(1)}%`;

export interface RecordingPanelProps {
  hearingId?: number;
  caseRef?: string;
  /** Called with a translated message when a recording call fails. */
  onError(message: string): void;
}

/** The legal record's controls: one big start/stop, pause/resume, elapsed time, live levels, alarms. */
export function RecordingPanel({ hearingId, caseRef, onError }: RecordingPanelProps) {
  const { t } = useTranslation('secretary');
  const { state, levels, alarms, dismiss } = useRecording();
  const [busy, setBusy] = useState(false);
  const active = state?.state === 'recording' || state?.state === 'paused';

  async function run(fn: () => Promise<{ ok: boolean; error?: { message: string } }>) {
    setBusy(true);
    try {
      const r = await fn();
      if (!r.ok && r.error) onError(r.error.message);
    } finally {
      setBusy(false);
    }
  }
  const start = () => run(() => api().recording.start({ ...(hearingId ? { hearingId: String(hearingId) } : {}), ...(caseRef ? { caseRef } : {}) }));
  const stop = () => window.confirm(t('recording.stopConfirm')) && run(() => api().recording.stop({}));
  const pause = (reason: PauseReason) => run(() => api().recording.pause({ reason }));
  const resume = () => run(() => api().recording.resume({}));

  const roles = state?.channels ?? [];
  const byChannel = new Map(levels?.channels.map((c) => [c.channel, c]) ?? []);
  return (
    <section className={`recording-panel rec-${state?.state ?? 'idle'}`} aria-labelledby="rec-heading">
      <div className="rec-head">
        <h2 id="rec-heading">{t('recording.heading')}</h2>
        <span className="rec-state" data-testid="recording-state">
          {state?.state === 'paused' && state.pauseReason ? t(`recording:pauseReason.${state.pauseReason}`) : t(`recording:state.${state?.state ?? 'idle'}`)}
        </span>
        <span className="rec-elapsed" aria-label={t('recording.elapsed')} data-testid="recording-elapsed">
          {formatPosition((levels?.position ?? state?.position ?? 0) * 1000)}
        </span>
        {state && state.segments > 0 && <span className="rec-segments">{t('recording.segments', { count: state.segments })}</span>}
      </div>
      <div className="rec-controls">
        {active ? (
          <button type="button" className="rec-big stop" onClick={stop} disabled={busy}>
            ■ {t('recording.stop')}
          </button>
        ) : (
          <button type="button" className="rec-big start" onClick={start} disabled={busy}>
            ● {t('recording.start')}
          </button>
        )}
        {state?.state === 'recording' && (
          <>
            <button type="button" onClick={() => pause('recess')} disabled={busy}>
              {t('recording.pauseRecess')}
            </button>
            <button type="button" onClick={() => pause('deliberation')} disabled={busy}>
              {t('recording.pauseDeliberation')}
            </button>
          </>
        )}
        {state?.state === 'paused' && (
          <button type="button" className="primary" onClick={resume} disabled={busy}>
            ▶ {t('recording.resume')}
          </button>
        )}
      </div>
      <CameraPreviews compact />
      {alarms.length > 0 && (
        <div className="alarms" role="alert" aria-live="assertive">
          <strong>{t('recording.alarmsHeading')}</strong>
          {alarms.map((a) => (
            <div key={`${a.kind}:${a.channel ?? a.params.track ?? '-'}`} className={`alarm alarm-${a.kind}`} data-testid="alarm">
              <span>{t(a.code, { ...a.params, role: a.role ? t(`app:roles.${a.role}`, { defaultValue: a.role }) : '' })}</span>
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
            return (
              <li key={c.channel} className="meter" data-testid={`meter-${c.channel}`}>
                <span className="meter-label">
                  {t('recording.channel', { channel: c.channel })} · {t(`app:roles.${c.role}`, { defaultValue: c.role })}
                </span>
                <span className="meter-bar" role="meter" aria-valuemin={-60} aria-valuemax={0} aria-valuenow={Math.round(rms)} aria-label={t('recording.channel', { channel: c.channel })}>
                  <span className={peak > -1 ? 'meter-fill clip' : 'meter-fill'} style={{ width: meterWidth(rms) }} />
                  <span className="meter-peak" style={{ left: meterWidth(peak) }} />
                </span>
                <span className="meter-db">{rms <= -90 ? t('recording.silent') : `${rms.toFixed(0)} dB`}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
