import type { ObservationView } from './observations';
import { esc, page, type Frame } from './sc-layout';
import type { RoomView } from './situation-rules';

// The supervisor's observation page: the room and its hearing, what the station does (waiting,
// live, refused and why, ended and by whom), the player (sc-observe-assets.ts) with its level
// meter, the camera's frame, and the stop button. The texts the script shows are given here as
// data attributes, so the script carries no words of its own.

export function observePage(frame: Frame, o: ObservationView, room: RoomView | null, time: (iso: string) => string): string {
  const t = frame.t;
  const state = o.endedAt ? (o.stationState === 'refused' ? 'refused' : 'ended') : o.stationState;
  const status =
    state === 'refused'
      ? t(`observe.refusedBy.${o.reason ?? 'notInHearing'}`)
      : state === 'ended'
        ? t(`observe.endedBy.${o.endedBy === 'station' ? `station.${o.reason ?? 'stopped'}` : (o.endedBy ?? 'supervisor')}`, { at: o.endedAt ? time(o.endedAt) : '' })
        : state === 'streaming'
          ? t('observe.live')
          : t('observe.waiting');
  const open = state === 'asked' || state === 'streaming';
  const h = room?.hearing;
  const body = `<p><a href="/rooms/${encodeURIComponent(o.stationId)}">← ${esc(t('observe.back'))}</a></p>
<section id="observe" data-id="${esc(o.id)}" data-state="${state}" data-t-waiting="${esc(t('observe.waiting'))}" data-t-live="${esc(t('observe.live'))}" data-t-lost="${esc(t('observe.lost'))}" data-t-stalled="${esc(t('observe.stalled'))}" data-t-nocodec="${esc(t('observe.noCodec'))}">
<h1>${esc(t('observe.heading', { court: room?.court ?? o.stationId, room: room?.courtroom ?? '' }))}</h1>
<p class="sub">${h ? esc(t('hearingNoTime', { caseNumber: h.caseNumber || t('none'), judge: h.judge || t('none') })) : ''} · ${esc(t('observe.since', { at: time(o.askedAt) }))}</p>
<p id="observe-status" class="${open ? 'status' : 'error'}" role="status">${esc(status)}</p>
${
  open
    ? `<p><button type="button" id="observe-listen">${esc(t('observe.listen'))}</button>
<span class="meter" aria-label="${esc(t('observe.level'))}"><span id="observe-level" data-db="" data-playing="0"></span></span></p>
<p><img id="observe-frame" alt="${esc(t('observe.camera'))}" hidden></p>
<form method="post" action="/observe/${encodeURIComponent(o.id)}/stop"><button type="submit" id="observe-stop">${esc(t('observe.stop'))}</button></form>
<p class="sub">${esc(t('observe.notice'))}</p>`
    : ''
}
</section>${open ? '<script src="/sc/observe.js" defer></script>' : ''}`;
  return page(frame, body);
}
