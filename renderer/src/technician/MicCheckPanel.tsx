import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Levels, MicCheck } from '../../../common/contract/recording';
import { api } from '../core/core-client';

const SECONDS = 8;
const width = (db: number) => `${Math.max(0, Math.min(100, ((db + 60) / 60) * 100)).toFixed(1)}%`;

/** Before the hearing: listen to every channel, watch each meter move, get a verdict per microphone. */
export function MicCheckPanel() {
  const { t } = useTranslation('recording');
  const [running, setRunning] = useState(false);
  const [levels, setLevels] = useState<Levels>();
  const [result, setResult] = useState<MicCheck>();
  const [error, setError] = useState('');

  useEffect(() => api().on.recording.levels((l) => l.sessionId === null && setLevels(l)), []);

  async function run() {
    setRunning(true);
    setError('');
    setResult(undefined);
    const r = await api().recording.check({ seconds: SECONDS });
    setRunning(false);
    if (r.ok) setResult(r.value);
    else setError(r.error.message);
  }

  const rows = result?.channels ?? levels?.channels.map((c) => ({ ...c, verdict: undefined })) ?? [];
  const ok = result?.channels.filter((c) => c.verdict === 'ok').length ?? 0;
  return (
    <section className="mic-check" aria-labelledby="mic-check-heading">
      <h2 id="mic-check-heading">{t('check.heading')}</h2>
      <p className="muted">{t('check.hint')}</p>
      <button type="button" className="primary" onClick={() => void run()} disabled={running}>
        {running ? t('check.running') : t('check.run', { seconds: SECONDS })}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div data-testid="mic-check-summary">
          <p>
            <strong>{t('check.summary', { ok, total: result.channels.length })}</strong>
          </p>
          {(['silent', 'clipping'] as const).map((v) => {
            const chans = result.channels.filter((c) => c.verdict === v).map((c) => c.channel);
            return chans.length > 0 ? (
              <p key={v} className={`advice advice-${v}`} role="alert">
                {t(`check.${v}Advice`, { channels: chans.join(', ') })}
              </p>
            ) : null;
          })}
        </div>
      )}
      <ul className="meters single">
        {rows.map((c) => (
          <li key={c.channel} className={`meter verdict-${c.verdict ?? 'live'}`} data-testid={`check-${c.channel}`} data-verdict={c.verdict ?? ''}>
            <span className="meter-label">
              {c.channel} · {t(`app:roles.${c.role}`, { defaultValue: c.role })}
            </span>
            <span className="meter-bar">
              <span className="meter-fill" style={{ width: width(c.rmsDb) }} />
              <span className="meter-peak" style={{ left: width(c.peakDb) }} />
            </span>
            <span className="meter-db">{c.verdict ? t(`check.${c.verdict}`) : `${c.rmsDb.toFixed(0)} dB`}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
