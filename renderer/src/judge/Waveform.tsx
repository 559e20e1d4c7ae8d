import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Waveform as WaveformData } from '../../../common/contract/review-aids';
import type { ReviewSession } from '../../../common/contract/review';
import { api } from '../core/core-client';

// The waveform overview drawn under the player's timeline: one bar per bucket, the mix, or the
// soloed microphone's (or the conference's) row. Buckets the core withheld (a sealed part, for anyone but a judge)
// are not drawn: the sealed block over them says why. Fetched once per session listing (a
// seal set or lifted gives a new listing, and so new levels).

const BUCKETS = 1400;

export function Waveform({ hearingId, session, solo, conferenceRow = null }: { hearingId: number; session: ReviewSession; solo: number | null; conferenceRow?: number | null }) {
  const { t } = useTranslation('review');
  const [data, setData] = useState<WaveformData | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    let live = true;
    setData(null);
    void api()
      .review.waveform({ hearingId, sessionId: session.sessionId, buckets: BUCKETS })
      .then((r) => live && r.ok && setData(r.value));
    return () => {
      live = false;
    };
  }, [hearingId, session]);

  useEffect(() => {
    const el = canvas.current?.parentElement;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !data || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    const h = c.parentElement?.clientHeight ?? 48;
    c.width = Math.round(width * ratio);
    c.height = Math.round(h * ratio);
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, h);
    const row = solo === null ? data.mix : solo === conferenceRow ? (data.conference ?? data.mix) : (data.channels[solo - 1] ?? data.mix);
    const total = session.durationMs || row.length * data.bucketMs;
    g.fillStyle = solo !== null ? 'rgba(156, 196, 240, .85)' : 'rgba(200, 214, 232, .7)';
    const mid = h / 2;
    // A bucket covers its whole span of pixels; several buckets on one pixel: the loudest wins,
    // so a short shout is never lost in the overview.
    const px = new Float32Array(Math.ceil(width));
    const seen = new Uint8Array(px.length);
    row.forEach((v, i) => {
      if (v === null) return;
      const x0 = Math.min(px.length - 1, Math.floor(((i * data.bucketMs) / total) * width));
      const x1 = Math.min(px.length, Math.max(x0 + 1, Math.floor((((i + 1) * data.bucketMs) / total) * width)));
      for (let x = x0; x < x1; x++) {
        seen[x] = 1;
        if (v > px[x]!) px[x] = v;
      }
    });
    for (let x = 0; x < px.length; x++) {
      if (!seen[x]) continue;
      const half = Math.max(0.5, (px[x]! / 100) * (mid - 2));
      g.fillRect(x, mid - half, 1, half * 2);
    }
  }, [data, width, solo, conferenceRow, session.durationMs]);

  const drawn = solo === null ? 'mix' : solo === conferenceRow ? 'conference' : String(solo);
  return <canvas ref={canvas} className="scrub-wave" data-testid="waveform" data-row={drawn} data-conference={data?.conference ? 'yes' : 'no'} data-buckets={data?.mix.length ?? 0} data-bucket-ms={data?.bucketMs ?? 0} aria-label={t('aids.waveform')} role="img" />;
}
