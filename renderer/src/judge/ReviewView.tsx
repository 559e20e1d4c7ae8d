import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry, HearingDetail } from '../../../common/contract/protocol';
import { REVIEW_PREROLL_MS, type ReviewAuditRow, type ReviewSession } from '../../../common/contract/review';
import { HearingAccessAudit } from '../audit/HearingAccessAudit';
import { useAuth } from '../auth/auth-store';
import { api } from '../core/core-client';
import { dateTime, formatPosition, timeOfDay } from '../secretary/format';
import { CopyPanel } from './CopyPanel';
import { PlayerPanel } from './PlayerPanel';
import { useReviewKeys } from './review-keys';
import { ReviewPlayer, type PlayTarget } from './review-player';
import { SealControls, type Marks } from './SealControls';
import { clock } from './timeline';
import { VideoTiles, type TileLayout } from './VideoTiles';

/** One hearing in review: the protocol beside the player; every entry jumps to its moment. */
export function ReviewView({ hearingId, onBack, onError }: { hearingId: number; onBack(): void; onError(m: string): void }) {
  const { t, i18n } = useTranslation('review');
  const [detail, setDetail] = useState<HearingDetail | null>(null);
  const [sessions, setSessions] = useState<ReviewSession[] | null>(null);
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [player, setPlayer] = useState<ReviewPlayer | null>(null);
  const [audit, setAudit] = useState<ReviewAuditRow[]>([]);
  const host = useRef<HTMLDivElement>(null);
  const pendingJump = useRef<number | null>(null);
  const list = useRef<HTMLTableSectionElement>(null);

  const loadAudit = useCallback(() => void api().review.audit({ hearingId }).then((r) => r.ok && setAudit(r.value)), [hearingId]);
  // Playback speed outlives the player (a new one per session, and after a seal changes the session).
  const rate = useRef(1);
  const resumeAt = useRef<number | null>(null);
  // The tiles' layout outlives the player too: the tiles follow whichever session is played.
  const [tileLayout, setTileLayout] = useState<TileLayout>({ mode: 'grid', large: null });

  useEffect(() => {
    let live = true;
    void api()
      .protocol.getHearing({ hearingId })
      .then((r) => live && (r.ok ? setDetail(r.value) : onError(r.error.message)));
    void api()
      .review.sessions({ hearingId })
      .then((r) => {
        if (!live) return;
        if (!r.ok) return onError(r.error.message);
        setSessions(r.value);
        setSessionId((cur) => cur ?? r.value[0]?.sessionId ?? null);
        loadAudit();
      });
    return () => {
      live = false;
    };
  }, [hearingId, onError, loadAudit]);

  // After a seal is set or lifted: the sessions again (their sealed ranges), the player at the same place.
  const reload = useCallback(() => {
    resumeAt.current = player?.position() ?? null;
    void api()
      .review.sessions({ hearingId })
      .then((r) => (r.ok ? setSessions(r.value) : onError(r.error.message)));
  }, [hearingId, onError, player]);

  const session = sessions?.find((s) => s.sessionId === sessionId) ?? null;

  // One player per session; the pending jump (an entry of another session) is played once it exists.
  useEffect(() => {
    if (!session || !host.current) return;
    const audited = async (positionMs: number, target: PlayTarget) => {
      const r = await api().review.play({ hearingId, sessionId: session.sessionId, positionMs, ...target });
      if (!r.ok) onError(r.error.message);
      loadAudit();
      return r.ok;
    };
    const p = new ReviewPlayer(session, audited, host.current);
    p.setRate(rate.current);
    p.subscribe(() => (rate.current = p.snapshot().rate));
    setPlayer(p);
    if (resumeAt.current !== null) {
      void p.seek(resumeAt.current);
      resumeAt.current = null;
    }
    if (pendingJump.current !== null) {
      const at = pendingJump.current;
      pendingJump.current = null;
      void p.playFrom(at);
    }
    return () => {
      p.destroy();
      setPlayer(null);
    };
  }, [session, hearingId, onError, loadAudit]);

  const playEntry = useCallback(
    (e: Entry) => {
      if (e.recordingPositionMs === null || !e.recordingSessionId) return;
      const at = Math.max(0, e.recordingPositionMs - REVIEW_PREROLL_MS);
      if (player && e.recordingSessionId === player.session.sessionId) void player.playFrom(at);
      else if (sessions?.some((s) => s.sessionId === e.recordingSessionId)) {
        pendingJump.current = at;
        setSessionId(e.recordingSessionId);
      }
    },
    [player, sessions],
  );

  const isJudge = !!useAuth().session?.person?.roles.includes('judge');
  const [marks, setMarks] = useState<Marks>({ inMs: null, outMs: null });
  useEffect(() => setMarks({ inMs: null, outMs: null }), [sessionId]);
  const onMark = useCallback((which: 'in' | 'out') => {
    const at = Math.round(player?.position() ?? 0);
    setMarks((m) => (which === 'in' ? { ...m, inMs: at } : { ...m, outMs: at }));
  }, [player]);
  useReviewKeys(player, list, isJudge ? onMark : null);

  const snap = useSyncExternalStore(
    useCallback((l: () => void) => player?.subscribe(l) ?? (() => undefined), [player]),
    () => player?.snapshot() ?? null,
  );
  const entries = detail?.entries.filter((e) => !e.deleted) ?? [];
  // The entry being heard: the last one of this session at or before the position.
  const currentId = snap ? entries.filter((e) => e.recordingSessionId === sessionId && e.recordingPositionMs !== null && e.recordingPositionMs <= snap.positionMs + 250).pop()?.id : undefined;
  const h = detail?.hearing;

  return (
    <div className="review">
      <div className="review-head">
        <button type="button" onClick={onBack}>
          ← {t('back')}
        </button>
        {h && (
          <>
            <h2 data-testid="review-case">{t('caseHeading', { caseNumber: h.caseNumber })}</h2>
            <span className="muted">{[h.court, h.courtroom, dateTime(h.actualStart ?? h.scheduledStart, i18n.language)].filter(Boolean).join(' · ')}</span>
            {h.judge && <span className="muted">{h.judge}</span>}
          </>
        )}
      </div>
      <div ref={host} className="visually-hidden" aria-hidden="true" />
      {sessions === null ? (
        <p className="muted">{t('loading')}</p>
      ) : sessions.length === 0 ? (
        <p className="notice-box">{t('noRecording')}</p>
      ) : (
        <>
          {sessions.length > 1 && (
            <div className="session-tabs" role="tablist">
              {sessions.map((s, i) => (
                <button key={s.sessionId} type="button" role="tab" aria-selected={s.sessionId === sessionId} className={s.sessionId === sessionId ? 'tab-s active' : 'tab-s'} onClick={() => setSessionId(s.sessionId)}>
                  {t('sessionOf', { n: i + 1, time: timeOfDay(s.startedAt, i18n.language), duration: clock(s.durationMs).slice(0, 8) })}
                </button>
              ))}
            </div>
          )}
          {session && (
            <p className="session-line muted">
              {t('session', { n: sessions.indexOf(session) + 1 })} · {timeOfDay(session.startedAt, i18n.language)} · {t(`status.${session.status}`)} · {t('player.audited')}
            </p>
          )}
          {session && !session.chainIntact && (
            <p className="field-error" role="alert">
              {t('chainBroken')}
            </p>
          )}
          {player && <VideoTiles key={player.session.sessionId} player={player} layout={tileLayout} onLayout={setTileLayout} />}
          {player && session && <PlayerPanel hearingId={hearingId} player={player} session={session} entries={entries} onSeekEntry={playEntry} marks={marks} judge={isJudge} onError={onError} />}
          {isJudge && player && session && <SealControls session={session} marks={marks} onMark={onMark} onChanged={reload} onError={onError} />}
          <CopyPanel hearingId={hearingId} onError={onError} />
        </>
      )}
      <section className="review-entries" aria-labelledby="review-entries-heading">
        <h2 id="review-entries-heading">{t('entries.heading')}</h2>
        {detail && entries.length === 0 && <p className="muted">{t('entries.empty')}</p>}
        {entries.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>{t('entries.time')}</th>
                <th>{t('entries.position')}</th>
                <th>{t('entries.kind')}</th>
                <th>{t('entries.speaker')}</th>
                <th>{t('entries.text')}</th>
              </tr>
            </thead>
            <tbody ref={list}>
              {entries.map((e) => {
                const playable = e.recordingPositionMs !== null && !!e.recordingSessionId && !!sessions?.some((s) => s.sessionId === e.recordingSessionId);
                return (
                  <tr
                    key={e.id}
                    data-testid="review-entry"
                    data-kind={e.kind}
                    data-position-ms={e.recordingPositionMs ?? ''}
                    data-session-id={e.recordingSessionId ?? ''}
                    tabIndex={0}
                    className={[playable ? 'playable' : 'unplayable', e.id === currentId ? 'current' : ''].join(' ')}
                    aria-current={e.id === currentId ? 'true' : undefined}
                    title={playable ? t('entries.playFrom', { position: formatPosition(e.recordingPositionMs) }) : t('entries.notRecorded')}
                    onClick={() => playEntry(e)}
                    onKeyDown={(ev) => {
                      if (ev.key === 'Enter') {
                        ev.preventDefault();
                        playEntry(e);
                      }
                    }}
                  >
                    <td className="mono">{timeOfDay(e.startedAt, i18n.language)}</td>
                    <td className="mono pos">{playable ? `▶ ${formatPosition(e.recordingPositionMs)}` : <span className="muted">{t('entries.notRecorded')}</span>}</td>
                    <td>{t(`protocol:kinds.${e.kind}`)}</td>
                    <td>{e.speaker ?? ''}</td>
                    <td className="entry-text">
                      {e.exhibitLabel && <span className="badge">{e.exhibitLabel}</span>} {e.text}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <details className="review-audit" data-testid="review-audit">
        <summary>
          {t('audit.heading')} ({audit.length})
        </summary>
        {audit.length === 0 ? (
          <p className="muted">{t('audit.empty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('audit.at')}</th>
                <th>{t('audit.action')}</th>
                <th>{t('audit.position')}</th>
                <th>{t('audit.channel')}</th>
                <th>{t('audit.who')}</th>
                <th>{t('audit.transport')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((a) => (
                <tr key={a.id} data-testid="audit-row" data-action={a.action} data-channel={a.channel ?? 'mix'}>
                  <td className="mono">{dateTime(a.at, i18n.language)}</td>
                  <td>{t(`audit.actions.${a.action}`)}</td>
                  <td className="mono">{a.positionMs === null ? '' : formatPosition(a.positionMs)}</td>
                  <td>{a.action === 'play' ? (a.track === 'conference' ? t('player.conference') : a.channel === null ? t('audit.mix') : `${a.channel} · ${t(`app:roles.${a.role ?? ''}`, { defaultValue: a.role ?? '' })}`) : ''}</td>
                  <td>{a.actor}</td>
                  <td>{a.transport}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
      <HearingAccessAudit hearingId={hearingId} changed={audit} />
    </div>
  );
}
