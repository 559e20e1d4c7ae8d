import { useEffect, useRef, useState, useSyncExternalStore, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry } from '../../../common/contract/protocol';
import { REVIEW_JUMP_MS, type ReviewSession } from '../../../common/contract/review';
import type { ReviewPlayer } from './review-player';
import { markedRange, type Marks } from './SealControls';
import { clock } from './timeline';
import { Waveform } from './Waveform';
import { MicMixer } from './MicMixer';
import { mutedSpans } from './muted-spans';
import { Bookmarks, useBookmarks } from './Bookmarks';
import './review-aids.css';

export const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;

const pct = (ms: number, total: number) => `${total > 0 ? Math.min(100, Math.max(0, (ms / total) * 100)) : 0}%`;
const meterWidth = (db: number) => `${Math.min(100, Math.max(0, ((db + 60) / 60) * 100))}%`;

interface PlayerPanelProps {
  hearingId: number;
  player: ReviewPlayer;
  session: ReviewSession;
  entries: Entry[];
  onSeekEntry(e: Entry): void;
  marks?: Marks;
  /** A judge's screen: the bookmarks. */
  judge?: boolean;
  onError?(m: string): void;
}

/**
 * Transport, the session's timeline over its waveform (entries, pauses, gaps, seals, bookmarks;
 * click or drag to seek), the microphones (mix or one soloed, with live levels) and, for a
 * judge, the bookmarks.
 */
export function PlayerPanel({ hearingId, player, session, entries, onSeekEntry, marks: userMarks, judge = false, onError = () => undefined }: PlayerPanelProps) {
  const { t, i18n } = useTranslation('review');
  const snap = useSyncExternalStore(player.subscribe.bind(player), player.snapshot);
  const [levels, setLevels] = useState<number[]>([]);
  const [out, setOut] = useState(-120);
  const { bookmarks, reload: reloadBookmarks } = useBookmarks(hearingId, session.sessionId, judge, onError);
  // While the head is dragged it follows the pointer; the player seeks once, on release.
  const [dragMs, setDragMs] = useState<number | null>(null);
  const dragging = useRef(false);

  useEffect(() => {
    if (!snap.playing) {
      setLevels([]);
      setOut(-120);
      return;
    }
    const id = window.setInterval(() => {
      setLevels(player.levels());
      setOut(player.outputLevel());
    }, 80);
    return () => window.clearInterval(id);
  }, [player, snap.playing]);

  const total = snap.durationMs;
  const at = (ev: PointerEvent<HTMLDivElement>) => {
    const r = ev.currentTarget.getBoundingClientRect();
    return Math.min(total, Math.max(0, ((ev.clientX - r.left) / r.width) * total));
  };
  const onDown = (ev: PointerEvent<HTMLDivElement>) => {
    if (ev.button !== 0 || (ev.target as HTMLElement).closest('button')) return;
    dragging.current = true;
    ev.currentTarget.setPointerCapture?.(ev.pointerId);
    setDragMs(at(ev));
  };
  const onMove = (ev: PointerEvent<HTMLDivElement>) => dragging.current && setDragMs(at(ev));
  const onUp = (ev: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    dragging.current = false;
    setDragMs(null);
    void player.seek(at(ev));
  };
  const head = dragMs ?? snap.positionMs;
  const marks = session.timeline.filter((m) => m.type === 'pause' || m.type === 'gap' || m.type === 'recovered');
  const marked = userMarks ? markedRange(userMarks) : null;
  const ticks = entries.filter((e) => e.recordingSessionId === session.sessionId && e.recordingPositionMs !== null && !e.deleted);

  return (
    <>
    <section className="review-player" aria-labelledby="player-heading" data-testid="review-player" data-state={snap.playing ? 'playing' : 'paused'}>
      <h2 id="player-heading" className="visually-hidden">
        {t('player.heading')}
      </h2>
      <div className="transport">
        <button type="button" onClick={() => void player.skip(-REVIEW_JUMP_MS)} className="tb" title="J" aria-label={t('player.back')}>
          ⟲ 10
        </button>
        <button type="button" className="tb primary play" onClick={() => void player.toggle()} title={t('player.play')} data-testid="play-toggle" aria-label={snap.playing ? t('player.pause') : t('player.play')}>
          {snap.playing ? '❚❚' : '▶'}
        </button>
        <button type="button" onClick={() => void player.skip(REVIEW_JUMP_MS)} className="tb" title={t('player.forward')} aria-label={t('player.forward')}>
          10 ⟳
        </button>
        <output className="clock" data-testid="player-position" data-ms={Math.round(snap.positionMs)} aria-label={t('player.position')}>
          {clock(snap.positionMs)}
        </output>
        <span className="clock-total">/ {clock(total)}</span>
        {snap.loading && <span className="muted">{t('player.loadingSegment')}</span>}
        <label className="speed">
          {t('seal.speed')}{' '}
          <select value={snap.rate} onChange={(e) => player.setRate(Number(e.target.value))} data-testid="player-speed">
            {PLAYBACK_RATES.map((r) => (
              <option key={r} value={r}>
                {`${r.toLocaleString(i18n.language)}×`}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="scrub" onPointerDown={onDown} onPointerMove={onMove} onPointerUp={onUp} onPointerCancel={() => { dragging.current = false; setDragMs(null); }} role="slider" aria-label={t('player.timeline')} aria-valuemin={0} aria-valuemax={Math.round(total)} aria-valuenow={Math.round(snap.positionMs)} tabIndex={-1}>
        <Waveform hearingId={hearingId} session={session} solo={snap.solo} conferenceRow={player.conferenceRow} />
        {session.segments
          .filter((s) => s.kind === 'audio')
          .map((s) => (
            <span key={s.file} className="scrub-seg" style={{ left: pct(s.startMs, total) }} />
          ))}
        {session.sealed.map((s) => (
          <span
            key={`s${s.seq}`}
            className="scrub-sealed"
            data-testid="sealed-block"
            style={{ left: pct(s.fromMs, total), width: pct(s.toMs - s.fromMs, total) }}
            title={t('player.sealedBlock', { from: clock(s.fromMs), to: clock(s.toMs), reason: t(`sealReasons.${s.reason}`) })}
          />
        ))}
        {marks.map((m, i) => (
          <span
            key={`m${i}`}
            className={`scrub-mark scrub-${m.type}`}
            style={{ left: pct(m.position * 1000, total) }}
            title={m.type === 'gap' ? t('player.gap', { seconds: Math.round((m.gapMs ?? 0) / 1000) }) : t('player.pauseMark', { reason: t(`player.reasons.${m.reason ?? 'other'}`, { defaultValue: m.reason ?? '' }) })}
          />
        ))}
        {ticks.map((e) => (
          <button
            key={e.id}
            type="button"
            tabIndex={-1}
            className="scrub-entry"
            style={{ left: pct(e.recordingPositionMs!, total) }}
            title={`${clock(e.recordingPositionMs!)} · ${t(`protocol:kinds.${e.kind}`)}`}
            onClick={(ev) => {
              ev.stopPropagation();
              onSeekEntry(e);
            }}
          />
        ))}
        {mutedSpans(session).map((m) => (
          <span
            key={`u${m.channel}-${m.fromMs}`}
            className="scrub-muted"
            data-testid="muted-span"
            data-channel={m.channel}
            data-from-ms={Math.round(m.fromMs)}
            data-to-ms={Math.round(m.toMs)}
            style={{ left: pct(m.fromMs, total), width: pct(m.toMs - m.fromMs, total) }}
            title={t('aids.mutedSpan', { name: `${m.channel} · ${t(`app:roles.${m.role}`, { defaultValue: m.role })}`, from: clock(m.fromMs), to: clock(m.toMs) })}
          />
        ))}
        {bookmarks.map((b) => (
          <span key={`b${b.id}`} className="scrub-bookmark" data-testid="bookmark-mark" style={{ left: pct(b.positionMs, total) }} title={`${clock(b.positionMs)} · ${b.note || t('aids.bookmarks.noNote')}`} />
        ))}
        {marked && <span className="scrub-marked" data-testid="marked-block" style={{ left: pct(marked.fromMs, total), width: pct(marked.toMs - marked.fromMs, total) }} />}
        {userMarks?.inMs != null && !marked && <span className="scrub-in" style={{ left: pct(userMarks.inMs, total) }} />}
        <span className="scrub-fill" style={{ width: pct(head, total) }} />
        <span className="scrub-head" data-testid="scrub-head" style={{ left: pct(head, total) }} />
      </div>
      {snap.error && (
        <p className="field-error" role="alert">
          {t('player.mediaFailed', { file: snap.error.file })}
        </p>
      )}
      <div className="mics" role="radiogroup" aria-label={t('player.meters')}>
        <button type="button" role="radio" aria-checked={snap.solo === null} className={snap.solo === null ? 'mic active' : 'mic'} onClick={() => void player.setSolo(null)} data-testid="solo-mix">
          <span className="mic-label">{player.conferenceRow ? t('player.mixAll') : t('player.mix')}</span>
        </button>
        {session.channels.map((c) => (
          <button
            key={c.channel}
            type="button"
            role="radio"
            aria-checked={snap.solo === c.channel}
            className={snap.solo === c.channel ? 'mic active' : 'mic'}
            onClick={() => void player.setSolo(c.channel)}
            data-testid="solo-channel"
            data-channel={c.channel}
            data-db={Math.round(levels[c.channel - 1] ?? -120)}
          >
            <span className="mic-label">
              {c.channel} · {t(`app:roles.${c.role}`, { defaultValue: c.role })}
            </span>
            <span className="meter-bar">
              <span className="meter-fill" style={{ width: meterWidth(levels[c.channel - 1] ?? -120) }} />
            </span>
          </button>
        ))}
        {player.conferenceRow !== null && (
          <button
            type="button"
            role="radio"
            aria-checked={snap.solo === player.conferenceRow}
            className={snap.solo === player.conferenceRow ? 'mic conference active' : 'mic conference'}
            onClick={() => void player.setSolo(player.conferenceRow)}
            data-testid="solo-conference"
            data-db={Math.round(levels[player.conferenceRow - 1] ?? -120)}
          >
            <span className="mic-label">{t('player.conference')}</span>
            <span className="meter-bar">
              <span className="meter-fill" style={{ width: meterWidth(levels[player.conferenceRow - 1] ?? -120) }} />
            </span>
          </button>
        )}
      </div>
      <MicMixer player={player} session={session} snap={snap} outDb={out} meterWidth={meterWidth} />
      <p className="hint">
        {t('player.keys')} · {t('seal.keys')}
      </p>
    </section>
    {/* Below the sticky player, so that it stays small on a 768-pixel screen. */}
    {judge && <Bookmarks hearingId={hearingId} player={player} bookmarks={bookmarks} reload={reloadBookmarks} onError={onError} />}
    </>
  );
}
