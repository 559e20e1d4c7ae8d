import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LastRoomTest, RoomTest } from '../../../common/contract/recording';
import { api } from '../core/core-client';
import { dateTime, decimal } from '../secretary/format';

const SECONDS = 10;

/** The room test before a hearing: a verdict per microphone (and the conference's sound) with its numbers, ready or not, and why. */
export function RoomTestPanel() {
  const { t, i18n } = useTranslation('roomcheck');
  const [running, setRunning] = useState(false);
  const [last, setLast] = useState<LastRoomTest>();
  const [error, setError] = useState('');
  const [playing, setPlaying] = useState<{ channel: number; src: string }>();

  useEffect(() => {
    void api().recording.lastRoomTest({}).then((r) => r.ok && setLast(r.value));
  }, []);

  async function run() {
    setRunning(true);
    setError('');
    const r = await api().recording.roomTest({ seconds: SECONDS });
    setRunning(false);
    if (!r.ok) return setError(r.error.message);
    const l = await api().recording.lastRoomTest({});
    if (l.ok) setLast(l.value);
  }

  /** Plays one channel of the test back: the technician hears what that microphone picked up. */
  async function play(id: string, channel: number) {
    setError('');
    const r = await api().recording.roomTestAudio({ id, channel });
    if (!r.ok) return setError(r.error.message);
    // A blob: URL: the page's media policy (CSP media-src) allows no data: URLs.
    const bytes = Uint8Array.from(atob(r.value.base64), (c) => c.charCodeAt(0));
    setPlaying((old) => {
      if (old) URL.revokeObjectURL(old.src);
      return { channel, src: URL.createObjectURL(new Blob([bytes], { type: r.value.mime })) };
    });
  }

  const test: RoomTest | null = last?.test ?? null;
  // The court's one date format and a decimal comma in kk and ru.
  const at = (iso: string) => dateTime(iso, i18n.language);
  const num = (n: number) => decimal(n, i18n.language);
  return (
    <section className="room-test" aria-labelledby="room-test-heading">
      <h2 id="room-test-heading">{t('heading')}</h2>
      <p className="muted">{t('panel.hint')}</p>
      <button type="button" className="primary" onClick={() => void run()} disabled={running}>
        {running ? t('panel.running') : t('panel.run', { seconds: SECONDS })}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {last && !test && <p>{t('panel.none')}</p>}
      {test && (
        <div data-testid="room-test-result" data-ready={String(test.ready)}>
          <p>
            <strong className={test.ready ? 'advice-ok' : 'advice-silent'}>{test.ready ? t('ready') : t('notReady')}</strong> · {t('panel.last', { at: at(test.at) })} ·{' '}
            {t('panel.validUntil', { hours: last?.validHours ?? 4 })}
          </p>
          <table className="room-test-table">
            <thead>
              <tr>
                {(['channel', 'verdict', 'rms', 'peak', 'snr'] as const).map((c) => (
                  <th key={c}>{t(`panel.columns.${c}`)}</th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {test.microphones.map((m) => (
                <tr key={m.channel} className={`verdict-${m.verdict}`} data-testid={`room-${m.channel}`} data-verdict={m.verdict}>
                  <td>
                    {m.channel} · {t(`app:roles.${m.role}`, { defaultValue: m.role })}
                  </td>
                  <td>
                    {t(`verdicts.${m.verdict}`)}
                    {m.duplicateOf ? ` (${t('line.duplicateOf', { of: m.duplicateOf })})` : ''}
                  </td>
                  <td>{num(m.rmsDb)}</td>
                  <td>{num(m.peakDb)}</td>
                  <td>{num(m.snrDb)}</td>
                  <td>
                    <button type="button" onClick={() => void play(test.id, m.channel)} data-testid={`room-play-${m.channel}`}>
                      {t('panel.play')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {test.conference && (
            <p className={`verdict-${test.conference.verdict}`} data-testid="room-test-conference" data-verdict={test.conference.verdict} data-expected={String(test.conference.expected)}>
              {t('line.conference', {
                device: test.conference.device,
                verdict: t(`conferenceVerdicts.${test.conference.verdict}`),
                rmsDb: num(test.conference.rmsDb),
                peakDb: num(test.conference.peakDb),
                expected: t(test.conference.expected ? 'line.conferenceExpected' : 'line.conferenceNotExpected'),
              })}
            </p>
          )}
          {playing && <audio key={playing.src} src={playing.src} controls autoPlay data-testid="room-test-audio" data-channel={playing.channel} />}
          <p>{test.diskHours === null ? t('line.diskUnknown') : t('line.disk', { hours: num(test.diskHours) })}</p>
          <p>{t('line.backlog', test.syncBacklog)}</p>
          <p>{test.clockOffsetMs === null ? t('line.clockUnknown') : t('line.clock', { ms: test.clockOffsetMs })}</p>
          <ul className="room-test-reasons">
            {[...test.reasons, ...test.notes].map((r, i) => (
              <li key={i} role={test.reasons.includes(r) ? 'alert' : undefined}>
                {t(`reasons.${r.code}`, r.params)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
