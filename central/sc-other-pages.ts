import type { AuditRow } from './flag-book';
import { esc, page, type Frame } from './sc-layout';

// The sign-in page, the refusal page, and the administrator's audit of the Situation Center.

export function signInPage(frame: Frame, next: string, failed: boolean): string {
  const t = frame.t;
  return page(
    frame,
    `<section class="signin"><h1>${esc(t('signin.heading'))}</h1>
${failed ? `<p class="error" role="alert">${esc(t('signin.failed'))}</p>` : ''}
<form method="post" action="/signin"><input type="hidden" name="next" value="${esc(next)}"><input type="hidden" name="lang" value="${frame.lang}">
<label>${esc(t('signin.login'))}<input name="login" autocomplete="username" required autofocus></label>
<label>${esc(t('signin.password'))}<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">${esc(t('signin.submit'))}</button></form></section>`,
  );
}

export function messagePage(frame: Frame, text: string): string {
  return page(frame, `<p class="error" role="alert">${esc(text)}</p><p><a href="/">${esc(frame.t('room.back'))}</a></p>`);
}

export function auditPage(frame: Frame, rows: AuditRow[], time: (iso: string) => string, roomName: (stationId: string) => string): string {
  const t = frame.t;
  const target = (r: AuditRow) => {
    if (r.action === 'flag.ack') {
      const kind = String(r.detail.kind ?? '');
      return t('audit.flagTarget', { flag: t(`flags.${kind}`), room: roomName(String(r.detail.stationId ?? '')) });
    }
    if (r.target.startsWith('station:')) return roomName(r.target.slice('station:'.length));
    return r.target;
  };
  const body = rows
    .map((r) => `<tr data-action="${esc(r.action)}"><td>${esc(time(r.at))}</td><td>${esc(r.login)} (${esc(t(`roles.${r.role}`))})</td><td>${esc(t(`audit.actions.${r.action.replace(/\./g, '_')}`))}</td><td>${esc(target(r))}</td></tr>`)
    .join('');
  return page(
    frame,
    `<h1>${esc(t('audit.heading'))}</h1><table id="audit"><thead><tr><th>${esc(t('audit.at'))}</th><th>${esc(t('audit.who'))}</th><th>${esc(t('audit.action'))}</th><th>${esc(t('audit.target'))}</th></tr></thead><tbody>${body}</tbody></table>`,
  );
}
