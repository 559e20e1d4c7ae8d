import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { videoController, type LiveTrack, type VideoController } from './video-controller';

export interface CameraPreviewsProps {
  /**
   * Open the cameras for preview even while nothing records (the technician's check before a
   * hearing). Without it the previews show what is being recorded, and nothing when idle.
   */
  live?: boolean;
  /** Small tiles (the secretary's panel); larger ones otherwise. */
  compact?: boolean;
}

const EMPTY: LiveTrack[] = [];
const noop = () => () => undefined;

/** Live previews of the cameras and the video-conference screen, each with its role and state. */
export function CameraPreviews({ live = false, compact = false }: CameraPreviewsProps) {
  const { t } = useTranslation('video');
  const c: VideoController | null = videoController();
  const tracks = useSyncExternalStore(c ? (l) => c.subscribe(l) : noop, c ? c.getSnapshot : () => EMPTY);

  useEffect(() => (live && c ? c.acquirePreview() : undefined), [live, c]);

  const shown = tracks.filter((tr) => tr.status !== 'off' || live);
  if (shown.length === 0) return live ? <p className="camera-previews-empty">{t('noCameras')}</p> : null;
  return (
    <section className={compact ? 'camera-previews compact' : 'camera-previews'} aria-label={t('heading')} data-testid="camera-previews">
      {shown.map((tr) => (
        <figure key={tr.track} className={`camera-tile cam-${tr.status}`} data-testid={`camera-${tr.track}`} data-status={tr.status}>
          <Preview stream={tr.stream} />
          <figcaption>
            <span className="camera-name">
              {tr.source === 'screen' ? t('screen') : t('camera', { n: tr.track.replace('cam', '') })} · {t(`app:roles.${tr.role}`, { defaultValue: tr.role })}
            </span>
            <span className="camera-state">{t(tr.status)}</span>
            {tr.pending > 1 && <span className="camera-pending">{t('chunksPending', { count: tr.pending })}</span>}
          </figcaption>
        </figure>
      ))}
    </section>
  );
}

function Preview({ stream }: { stream: MediaStream | null }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const v = ref.current;
    if (v && v.srcObject !== stream) v.srcObject = stream;
  }, [stream]);
  return <video ref={ref} autoPlay muted playsInline />;
}
