import type { FlagRow } from './flag-book';
import { esc, page, type Frame } from './sc-layout';
import { flagDetail, type T } from './sc-i18n';
import type { Snapshot } from './situation-center';
import { FLAG_KINDS, ROOM_STATES, type RoomView } from './situation-rules';

// The Situation Center's main page: every courtroom, its state, its current hearing and its open
// flags, filtered by region, court, flag and state. Rendered whole on the server (the filter
// works without the script); the script keeps it live, replacing the rows that changed.

export interface Filter {
  region: string;
  court: string;
  flag: string;
  state: string;
}

export interface RowContext {
  t: T;
  time: (iso: string | null | undefined) => string;
  canAck: boolean;
  /** Where an acknowledgement returns to ('' : the page it was made on, by its Referer). */
  back: string;
}

export function matches(r: RoomView, flags: FlagRow[], f: Filter): boolean {
  return (!f.region || r.region === f.region) && (!f.court || r.court === f.court) && (!f.state || r.state === f.state) && (!f.flag || (f.flag === '*' ? flags.length > 0 : flags.some((x) => x.kind === f.flag)));
}

export function flagItem(x: FlagRow, c: RowContext): string {
  const t = c.t;
  const ack = x.ackedAt
    ? `<span class="acked">${esc(t('acked', { who: x.ackedBy, at: c.time(x.ackedAt) }))}</span>`
    : c.canAck
      ? `<form method="post" action="/flags/${x.id}/ack" class="inline">${c.back ? `<input type="hidden" name="back" value="${esc(c.back)}">` : ''}<button type="submit" class="ack" data-flag="${x.id}">${esc(t('ack'))}</button></form>`
      : '';
  return `<li class="flag f-${x.kind}${x.ackedAt ? ' is-acked' : ''}" data-kind="${x.kind}"><b>${esc(t(`flags.${x.kind}`))}</b> <span class="detail">${esc(flagDetail(t, c.time, x.kind, x.evidence))}</span> <span class="since">${esc(t('openedAt', { at: c.time(x.openedAt) }))}</span> ${ack}</li>`;
}

export function hearingText(r: RoomView, c: RowContext): string {
  const h = r.hearing;
  if (!h) return esc(c.t('none'));
  const text = h.since ? c.t('hearing', { caseNumber: h.caseNumber || c.t('none'), judge: h.judge || c.t('none'), since: c.time(h.since) }) : c.t('hearingNoTime', { caseNumber: h.caseNumber || c.t('none'), judge: h.judge || c.t('none') });
  const status = h.status !== 'in_progress' ? ` <span class="hstatus">(${esc(c.t(`hearingStatus.${h.status}`))})</span>` : '';
  return `${esc(text)}${status}`;
}

export function roomRow(r: RoomView, flags: FlagRow[], c: RowContext): string {
  const t = c.t;
  return `<tr id="room-${esc(r.stationId)}" data-region="${esc(r.region)}" data-court="${esc(r.court)}" data-state="${r.state}" data-flags="${esc([...new Set(flags.map((x) => x.kind))].join(' '))}" class="s-${r.state}${flags.some((x) => !x.ackedAt) ? ' flagged' : ''}">
<td>${esc(r.region || t('none'))}</td><td>${esc(r.court)}</td><td><a href="/rooms/${encodeURIComponent(r.stationId)}">${esc(r.courtroom || r.stationId)}</a></td>
<td class="state"><span class="badge b-${r.state}">${esc(t(`states.${r.state}`))}</span></td><td class="hearing">${hearingText(r, c)}</td>
<td><ul class="flags">${flags.map((x) => flagItem(x, c)).join('')}</ul></td></tr>`;
}

export function summary(snap: Snapshot, t: T): string {
  const counts = new Map<string, number>();
  for (const r of snap.rooms) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  const parts = ROOM_STATES.map((s) => `<span class="badge b-${s}">${esc(t(`states.${s}`))}: <b data-count="${s}">${counts.get(s) ?? 0}</b></span>`);
  return `<span>${esc(t('rooms', { count: snap.rooms.length }))}</span> ${parts.join(' ')}`;
}

function select(name: string, label: string, value: string, options: Array<[string, string]>): string {
  return `<label>${esc(label)} <select name="${name}">${options.map(([v, l]) => `<option value="${esc(v)}"${v === value ? ' selected' : ''}>${esc(l)}</option>`).join('')}</select></label>`;
}

/** The page; `row` renders (or recalls) one room's row, which the filter may hide. */
export function roomsPage(frame: Frame, snap: Snapshot, filter: Filter, row: (r: RoomView, flags: FlagRow[]) => string): string {
  const t = frame.t;
  const regions = [...new Set(snap.rooms.map((r) => r.region).filter(Boolean))].sort();
  const courts = [...new Set(snap.rooms.filter((r) => !filter.region || r.region === filter.region).map((r) => r.court))].sort();
  let shown = 0;
  const rows = snap.rooms
    .map((r) => {
      const flags = snap.flags.get(r.stationId) ?? [];
      const ok = matches(r, flags, filter);
      if (ok) shown++;
      const html = row(r, flags);
      return ok ? html : `<tr hidden ${html.slice(4)}`;
    })
    .join('\n');
  const form = `<form id="filter" method="get" action="/" class="filter"><b>${esc(t('filter.heading'))}</b>
${select('region', t('filter.region'), filter.region, [['', t('filter.all')], ...regions.map((x): [string, string] => [x, x])])}
${select('court', t('filter.court'), filter.court, [['', t('filter.all')], ...courts.map((x): [string, string] => [x, x])])}
${select('flag', t('filter.flag'), filter.flag, [['', t('filter.all')], ['*', t('filter.anyFlag')], ...FLAG_KINDS.map((k): [string, string] => [k, t(`flags.${k}`)])])}
${select('state', t('filter.state'), filter.state, [['', t('filter.all')], ...ROOM_STATES.map((s): [string, string] => [s, t(`states.${s}`)])])}
<button type="submit">${esc(t('filter.apply'))}</button></form>`;
  const body = `<h1>${esc(t('title'))}</h1><p class="sub">${esc(t('subtitle'))}</p>
<p id="summary" class="summary">${summary(snap, t)}</p>
${form}
<p class="status"><span id="shown" data-template="${esc(t('shown', { count: '#' }))}">${esc(t('shown', { count: shown }))}</span> · <span id="live" data-live="${esc(t('live'))}" data-lost="${esc(t('liveLost'))}"></span></p>
<table id="rooms"><thead><tr><th>${esc(t('columns.region'))}</th><th>${esc(t('columns.court'))}</th><th>${esc(t('columns.room'))}</th><th>${esc(t('columns.state'))}</th><th>${esc(t('columns.hearing'))}</th><th>${esc(t('columns.flags'))}</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
  return page(frame, body);
}
