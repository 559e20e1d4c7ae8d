import type { FlagRow } from './flag-book';
import { esc, page, type Frame } from './sc-layout';
import { flagDetail } from './sc-i18n';
import type { DayHearing, RoomDay } from './sc-room-data';
import { flagItem, hearingText, type RowContext } from './sc-rooms-page';
import type { RoomView } from './situation-rules';

// A room's page: its state and current hearing, its open flags (to acknowledge), today's
// schedule against what happened — scheduled, opened, recorded — on one timeline (SVG: no inline
// style is needed, so the page keeps its strict Content-Security-Policy), and its flag history.

const W = 1000;
const LABEL = 110;
const LANE = 26;
const HOUR = 3_600_000;
const LANES = 4;

function timeline(day: RoomDay, now: number, c: RowContext): string {
  const t = c.t;
  const times = [now];
  for (const h of day.hearings) for (const x of [h.startsAt, h.openedAt, h.closedAt]) if (x) times.push(Date.parse(x));
  for (const s of day.spans) times.push(Date.parse(s.from), Date.parse(s.to));
  for (const m of day.mutes) times.push(Date.parse(m.from));
  let lo = Math.floor((Math.min(...times) - HOUR / 2) / HOUR) * HOUR;
  let hi = Math.ceil((Math.max(...times) + HOUR / 2) / HOUR) * HOUR;
  if (hi - lo < 8 * HOUR) {
    const grow = (8 * HOUR - (hi - lo)) / 2;
    lo = Math.floor((lo - grow) / HOUR) * HOUR;
    hi = Math.ceil((hi + grow) / HOUR) * HOUR;
  }
  const x = (ms: number) => LABEL + ((ms - lo) / (hi - lo)) * (W - LABEL - 10);
  const ticks: string[] = [];
  for (let h = lo; h <= hi; h += HOUR) ticks.push(`<line x1="${x(h)}" x2="${x(h)}" y1="18" y2="${18 + LANES * LANE}" class="tick"/><text x="${x(h)}" y="12" class="hour">${esc(c.time(new Date(h).toISOString()))}</text>`);
  const lane = (i: number, label: string) => `<text x="0" y="${18 + i * LANE + 17}" class="lane">${esc(label)}</text>`;
  const scheduled = day.hearings.filter((h) => h.startsAt).map((h) => {
    const at = x(Date.parse(h.startsAt!));
    return `<g class="scheduled"><title>${esc(`${h.caseNumber} ${c.time(h.startsAt)}`)}</title><rect x="${at - 3}" y="${18 + 4}" width="6" height="${LANE - 8}"/><text x="${at + 6}" y="${18 + 17}">${esc(h.caseNumber)}</text></g>`;
  });
  const opened = day.hearings.filter((h) => h.openedAt).map((h) => {
    const a = x(Date.parse(h.openedAt!));
    const b = x(h.closedAt ? Date.parse(h.closedAt) : now);
    return `<g class="opened"><title>${esc(`${h.caseNumber} ${c.time(h.openedAt)}–${h.closedAt ? c.time(h.closedAt) : ''}`)}</title><rect x="${a}" y="${18 + LANE + 4}" width="${Math.max(3, b - a)}" height="${LANE - 8}"/></g>`;
  });
  const recorded = day.spans.map((s) => {
    const a = x(Date.parse(s.from));
    const b = x(Date.parse(s.to));
    return `<g class="recorded"><title>${esc(`${c.time(s.from)}–${c.time(s.to)}`)}</title><rect x="${a}" y="${18 + 2 * LANE + 4}" width="${Math.max(3, b - a)}" height="${LANE - 8}"/></g>`;
  });
  // A microphone muted for a private conversation: its span on the recording's lane below.
  const muted = day.mutes.map((m) => {
    const a = x(Date.parse(m.from));
    const b = x(m.to ? Date.parse(m.to) : now);
    return `<g class="muted" data-channel="${m.channel}"><title>${esc(t('room.mutedSpan', { channel: m.channel, role: micRole(c, m.role), from: c.time(m.from), to: m.to ? c.time(m.to) : '' }))}</title><rect x="${a}" y="${18 + 3 * LANE + 4}" width="${Math.max(3, b - a)}" height="${LANE - 8}"/></g>`;
  });
  const nowX = x(now);
  return `<svg class="timeline" viewBox="0 0 ${W} ${18 + LANES * LANE + 4}" role="img" aria-label="${esc(t('room.today'))}">
${ticks.join('')}${lane(0, t('room.scheduled'))}${lane(1, t('room.opened'))}${lane(2, t('room.recorded'))}${lane(3, t('room.muted'))}
${scheduled.join('')}${opened.join('')}${recorded.join('')}${muted.join('')}<line x1="${nowX}" x2="${nowX}" y1="16" y2="${18 + LANES * LANE}" class="now"/></svg>`;
}

/** A microphone muted right now (while the room records): said above the flags, in words. */
/** A microphone's role as the station named it, in the reader's words when central knows them. */
function micRole(c: RowContext, role: string): string {
  const said = c.t(`micRoles.${role}`);
  return said.startsWith('micRoles.') ? role : said;
}

function mutedNow(day: RoomDay, r: RoomView, c: RowContext): string {
  if (r.state !== 'recording') return '';
  const now = day.mutes.filter((m) => m.to === null);
  if (!now.length) return '';
  return `<ul class="muted-now" id="room-muted">${now.map((m) => `<li data-channel="${m.channel}">${esc(c.t('room.mutedNow', { channel: m.channel, role: micRole(c, m.role), since: c.time(m.from) }))}</li>`).join('')}</ul>`;
}

/** When it was opened; a hearing its station cancelled says so, with the reason, instead of "not opened". */
function openedCell(h: DayHearing, c: RowContext): string {
  const opened = h.openedAt ? esc(c.time(h.openedAt)) : '';
  if (h.cancelReason != null) return `${opened}${opened ? ' · ' : ''}<span class="cancelled">${esc(c.t('room.cancelled', { reason: h.cancelReason }))}</span>`;
  return opened || `<span class="warn">${esc(c.t('room.notOpened'))}</span>`;
}

function scheduleTable(day: RoomDay, c: RowContext): string {
  const t = c.t;
  if (!day.hearings.length) return `<p>${esc(t('room.noSchedule'))}</p>`;
  const rows = day.hearings
    .map((h) => `<tr data-hearing="${esc(h.hearingId)}"><td>${esc(h.caseNumber || t('none'))}</td><td>${esc(h.judge || t('none'))}</td><td>${esc(c.time(h.startsAt))}</td><td>${openedCell(h, c)}</td></tr>`)
    .join('');
  return `<table class="day"><thead><tr><th>${esc(t('room.case'))}</th><th>${esc(t('room.judge'))}</th><th>${esc(t('room.startsAt'))}</th><th>${esc(t('room.openedAt'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function history(rows: FlagRow[], c: RowContext): string {
  const t = c.t;
  if (!rows.length) return `<p>${esc(t('room.noFlags'))}</p>`;
  const body = rows
    .map((x) => {
      const status = [x.clearedAt ? t('clearedAt', { at: c.time(x.clearedAt) }) : t('openFlag'), x.ackedAt ? t('acked', { who: x.ackedBy, at: c.time(x.ackedAt) }) : ''].filter(Boolean).join('; ');
      return `<tr data-flag="${x.id}" data-kind="${x.kind}"><td>${esc(c.time(x.openedAt))}</td><td>${esc(t(`flags.${x.kind}`))}</td><td>${esc(flagDetail(t, c.time, x.kind, x.evidence))}</td><td class="fstatus">${esc(status)}</td></tr>`;
    })
    .join('');
  return `<table class="history"><thead><tr><th>${esc(t('room.when'))}</th><th>${esc(t('room.flag'))}</th><th>${esc(t('columns.flags'))}</th><th>${esc(t('room.status'))}</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** A room in an open hearing, its station online, may be observed by whoever watches (central and the station decide again). */
function observeButton(r: RoomView, c: RowContext): string {
  if (!r.hearing || !c.canAck || (r.state !== 'recording' && r.state !== 'hearing-not-recording')) return '';
  return `<form method="post" action="/rooms/${encodeURIComponent(r.stationId)}/observe" class="inline"><button type="submit" id="observe-room">${esc(c.t('observe.button'))}</button></form>`;
}

export function roomPage(frame: Frame, r: RoomView, open: FlagRow[], day: RoomDay, now: number, c: RowContext): string {
  const t = frame.t;
  const body = `<p><a href="/">← ${esc(t('room.back'))}</a></p>
<section id="room" data-room="${esc(r.stationId)}"><h1>${esc(t('room.heading', { court: r.court, room: r.courtroom || r.stationId }))}</h1>
<p class="sub">${esc(r.region)} · ${esc(t('room.station', { stationId: r.stationId }))}</p>
<p><span class="badge b-${r.state}" id="room-state">${esc(t(`states.${r.state}`))}</span> ${hearingText(r, c)}</p>
${observeButton(r, c)}
${mutedNow(day, r, c)}
<ul class="flags" id="room-flags">${open.map((x) => flagItem(x, c)).join('')}</ul>
<h2>${esc(t('room.today'))}</h2>${timeline(day, now, c)}${scheduleTable(day, c)}
<h2>${esc(t('room.history'))}</h2>${history(day.history, c)}</section>`;
  return page(frame, body);
}
