import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewPlayer } from './review-player';
import { followPlayer, TrackFollower, type TileShow } from './video-follower';
import { closedRanges, trackName, videoTracks } from './video-sync';

/** Every tile the same size, or one large and the rest small beside it. */
export interface TileLayout {
  mode: 'grid' | 'focus';
  /** The large tile's track in `focus` (the first track when it has none of that id). */
  large: string | null;
}

/**
 * The cameras and the conference screen of the session being played, each in a tile that
 * follows the player's audio clock (video-follower.ts). A tile says "no signal" where its track
 * has nothing recorded, and shows the sealed notice instead of a file a seal withholds. A click
 * (or Enter) on a tile makes it the large one; on the large one, back to the grid.
 */
export function VideoTiles({ player, layout, onLayout }: { player: ReviewPlayer; layout: TileLayout; onLayout(l: TileLayout): void }) {
  const { t } = useTranslation('review');
  const session = player.session;
  const tracks = useMemo(() => videoTracks(session), [session]);
  const closed = useMemo(() => closedRanges(session.sealed), [session]);
  const hosts = useRef(new Map<string, HTMLDivElement>());
  const [shows, setShows] = useState<Record<string, { show: TileShow; file: string | null }>>({});

  useEffect(() => {
    const followers: TrackFollower[] = [];
    for (const tr of tracks) {
      const host = hosts.current.get(tr.track);
      if (host) followers.push(new TrackFollower(tr, closed, host, (show, file) => setShows((s) => ({ ...s, [tr.track]: { show, file } }))));
    }
    const stop = followPlayer(player, followers);
    return () => {
      stop();
      for (const f of followers) f.destroy();
    };
  }, [player, tracks, closed]);

  if (tracks.length === 0) return null;
  const name = (track: string) => {
    const n = trackName(track);
    return n.kind === 'camera' ? t('video.camera', { n: n.n }) : n.kind === 'screen' ? t('video.screen') : t('video.track', { track: n.track });
  };
  const focus = layout.mode === 'focus' && tracks.length > 1;
  const large = focus ? (tracks.find((x) => x.track === layout.large) ?? tracks[0]!).track : null;
  const small = tracks.length - 1;

  return (
    <section className={`video-tiles ${focus ? 'layout-focus' : 'layout-grid'}`} aria-labelledby="video-heading" data-testid="video-tiles" data-layout={focus ? 'focus' : 'grid'}>
      <div className="video-bar">
        <h2 id="video-heading">{t('video.heading')}</h2>
        {tracks.length > 1 && (
          <div className="video-layout" role="group" aria-label={t('video.layout')}>
            <button type="button" aria-pressed={!focus} className={!focus ? 'active' : ''} onClick={() => onLayout({ ...layout, mode: 'grid' })} data-testid="layout-grid">
              {t('video.grid')}
            </button>
            <button type="button" aria-pressed={focus} className={focus ? 'active' : ''} onClick={() => onLayout({ mode: 'focus', large: large ?? tracks[0]!.track })} data-testid="layout-focus">
              {t('video.focus')}
            </button>
          </div>
        )}
      </div>
      <div className="tiles" style={focus ? undefined : { gridTemplateColumns: `repeat(${Math.min(3, tracks.length)}, minmax(0, 1fr))` }}>
        {tracks.map((tr) => {
          const s = shows[tr.track]?.show ?? 'none';
          const isLarge = tr.track === large;
          const label = name(tr.track);
          return (
            <button
              key={tr.track}
              type="button"
              className={`tile${isLarge ? ' large' : ''}`}
              style={isLarge ? { gridRow: `1 / span ${Math.max(1, small)}` } : undefined}
              data-testid="video-tile"
              data-track={tr.track}
              data-show={s}
              aria-pressed={isLarge}
              aria-label={isLarge ? t('video.toGrid', { name: label }) : t('video.enlarge', { name: label })}
              onClick={() => onLayout(isLarge ? { mode: 'grid', large: tr.track } : { mode: 'focus', large: tr.track })}
            >
              <div
                className="tile-media"
                aria-hidden="true"
                ref={(el) => {
                  if (el) hosts.current.set(tr.track, el);
                  else hosts.current.delete(tr.track);
                }}
              />
              {s === 'none' && (
                <span className="tile-notice" data-testid="tile-no-signal">
                  {t('video.noSignal')}
                </span>
              )}
              {s === 'sealed' && (
                <span className="tile-notice sealed" data-testid="tile-sealed">
                  <strong>{t('video.sealed')}</strong>
                  <span>{t('video.sealedHint')}</span>
                </span>
              )}
              {s === 'failed' && (
                <span className="tile-notice failed" role="alert">
                  {t('video.failed', { file: shows[tr.track]?.file ?? '' })}
                </span>
              )}
              <span className="tile-label">{label}</span>
            </button>
          );
        })}
      </div>
    </section>
  );
}
