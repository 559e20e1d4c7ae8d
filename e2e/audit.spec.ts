import { addPerson, expect, openStation, test, TEST_PERSON, type TestPerson } from './support/station';
import { call, ok } from './support/page-api';

// The access audit as a court reads it: a secretary logs a hearing, a technician's attempt to
// write to its protocol is refused by the core, the judge plays an entry in review; the judge's
// access-audit list names each of them with their role, in Kazakh. The administrator reads the
// station's audit filtered by the hearing, and changes a person's roles and IIN (a wrong IIN is
// the core's translated message).
const SECRETARY: TestPerson = { name: 'Нұрланова Әйгерім Болатқызы', pin: '3579', roles: ['secretary'] };
const TECHNICIAN: TestPerson = { name: 'Жұмабеков Ерлан Серікұлы', pin: '97531', roles: ['technician'] };
const JUDGE: TestPerson = { name: 'Ахметова Алия Қайратқызы', pin: '8642', roles: ['judge'] };
const CASE = '2-901/2026';
const VIEWPORT = { width: 1366, height: 768 };


test('the judge reads who logged, who was refused and who played, with roles in Kazakh; the administrator filters the station audit and edits roles and IIN', async ({ page, context, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  for (const p of [SECRETARY, TECHNICIAN, JUDGE]) addPerson(station, p);
  await page.setViewportSize(VIEWPORT);

  // The secretary keeps the hearing: opened (its recording starts), a note, closed.
  await openStation(page, station, SECRETARY);
  const hearing = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: CASE });
  await ok(page, 'protocol', 'startHearing', { hearingId: hearing.id });
  await page.waitForTimeout(2500);
  const note = await ok<{ id: number; recordingPositionMs: number | null }>(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'note', text: 'Куә сот залына шақырылды' });
  expect(note.recordingPositionMs).not.toBeNull();
  await page.waitForTimeout(1500);
  await ok(page, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'closed' });

  // A technician, signed in in another tab, tries to write to the protocol: the core refuses.
  const tech = await context.newPage();
  await openStation(tech, station, TECHNICIAN);
  const refused = await call(tech, 'protocol', 'logEntry', { hearingId: hearing.id, kind: 'note', text: 'техниктің жазбасы' });
  expect(refused).toMatchObject({ ok: false, error: { code: 'auth.forbidden' } });

  // The judge opens the hearing in review and plays the note.
  const judge = await context.newPage();
  const judgeErrors: string[] = [];
  judge.on('pageerror', (e) => judgeErrors.push(e.message));
  await judge.setViewportSize(VIEWPORT);
  await openStation(judge, station, JUDGE);
  await judge.keyboard.press('Alt+2');
  await judge.getByTestId('judge-hearing').filter({ hasText: CASE }).click();
  await expect(judge.getByTestId('review-case')).toContainText(CASE);
  await judge.getByTestId('review-entry').filter({ hasText: 'Куә сот залына' }).click();
  await expect(judge.getByTestId('review-player')).toHaveAttribute('data-state', 'playing');

  // The access audit of the hearing: each row with the name and the role, in Kazakh.
  const auditList = judge.getByTestId('access-audit');
  await auditList.locator('summary').click();
  const rows = auditList.getByTestId('access-audit-row');
  const logged = rows.and(judge.locator('[data-call="protocol.logEntry"][data-outcome="ok"]'));
  await expect(logged).toHaveCount(2);
  await expect(logged.first().getByTestId('audit-person')).toHaveText(SECRETARY.name);
  await expect(logged.first().getByTestId('audit-role')).toHaveText('Сот отырысының хатшысы');
  await expect(logged.first().getByTestId('audit-action')).toHaveText('Хаттамаға жазу');
  await expect(logged.first().getByTestId('audit-outcome')).toHaveText('рұқсат етілді');
  const refusal = rows.and(judge.locator('[data-outcome="auth.forbidden"]'));
  await expect(refusal).toHaveCount(1);
  await expect(refusal.getByTestId('audit-person')).toHaveText(TECHNICIAN.name);
  await expect(refusal.getByTestId('audit-role')).toHaveText('Техник');
  await expect(refusal.getByTestId('audit-action')).toHaveText('Хаттамаға жазу');
  await expect(refusal.getByTestId('audit-outcome')).toHaveText('бас тартылды: рөлі рұқсат бермейді');
  const played = rows.and(judge.locator('[data-call="review.play"]'));
  await expect(played.first().getByTestId('audit-person')).toHaveText(JUDGE.name);
  await expect(played.first().getByTestId('audit-role')).toHaveText('Судья');
  await expect(played.first().getByTestId('audit-action')).toHaveText('Дыбыс жазбасын тыңдау');
  // The file the player fetched is a read of evidence too, and comes in by itself while the list is open.
  await expect(rows.and(judge.locator('[data-call="media.read"]')).first().getByTestId('audit-person')).toHaveText(JUDGE.name, { timeout: 15_000 });
  // No internal identifier is shown: call names and codes stay in attributes.
  await expect(auditList.locator('tbody')).not.toContainText('protocol.');
  await expect(auditList.locator('tbody')).not.toContainText('auth.');
  await auditList.scrollIntoViewIfNeeded();
  await judge.screenshot({ path: test.info().outputPath('audit-judge.png') });
  await judge.screenshot({ path: test.info().outputPath('audit-judge-full.png'), fullPage: true });
  expect(judgeErrors).toEqual([]);

  // The secretary may not read the audit: no list in review for them.
  await page.keyboard.press('Alt+2');
  await page.getByTestId('judge-hearing').filter({ hasText: CASE }).click();
  await expect(page.getByTestId('review-case')).toContainText(CASE);
  await expect(page.getByTestId('review-audit')).toBeVisible();
  await expect(page.getByTestId('access-audit')).toHaveCount(0);

  // The administrator: the station's audit, filtered by the hearing.
  const admin = await context.newPage();
  await admin.setViewportSize(VIEWPORT);
  await openStation(admin, station, TEST_PERSON);
  await admin.keyboard.press('Alt+4');
  const stationAudit = admin.getByTestId('station-audit');
  await expect(stationAudit.getByTestId('station-audit-row').and(admin.locator('[data-call="people.add"]')).first()).toBeVisible();
  await stationAudit.locator('#station-audit-hearing').selectOption({ label: `іс ${CASE}` });
  await expect(stationAudit.getByTestId('station-audit-row').and(admin.locator('[data-call="people.add"]'))).toHaveCount(0);
  await expect(stationAudit.getByTestId('station-audit-row').and(admin.locator('[data-outcome="auth.forbidden"]'))).toHaveCount(1);

  // Roles and IIN: a wrong IIN is refused with the core's message, a right one is saved.
  const techRow = admin.getByTestId('person-row').filter({ hasText: TECHNICIAN.name });
  await techRow.getByRole('button', { name: 'Рөлдері мен ЖСН' }).click();
  const edit = admin.getByTestId('person-edit');
  await edit.locator('#edit-person-iin').fill('850312300450');
  await edit.getByRole('button', { name: 'Сақтау' }).click();
  await expect(edit.getByTestId('edit-person-iin-error')).toContainText('ЖСН дұрыс емес');
  await admin.screenshot({ path: test.info().outputPath('audit-admin-edit.png'), fullPage: true });
  await edit.locator('#edit-person-iin').fill('850312300459');
  await edit.getByRole('checkbox', { name: 'Сот отырысының хатшысы' }).check();
  await edit.getByRole('button', { name: 'Сақтау' }).click();
  await expect(admin.getByTestId('admin-notice')).toContainText(TECHNICIAN.name);
  await expect(techRow).toContainText('850312300459');
  await expect(techRow).toContainText('Сот отырысының хатшысы · Техник');
  const people = await ok<Array<{ fullName: string; roles: string[]; iin: string | null }>>(admin, 'people', 'list', {});
  expect(people.find((p) => p.fullName === TECHNICIAN.name)).toMatchObject({ roles: ['secretary', 'technician'], iin: '850312300459' });
  await stationAudit.locator('#station-audit-hearing').selectOption('');
  await stationAudit.getByRole('button', { name: 'Жаңарту' }).click();
  await expect(stationAudit.getByTestId('station-audit-row').and(admin.locator('[data-call="people.update"]')).first().getByTestId('audit-action')).toHaveText('Қызметкер деректерін өзгерту');
  await expect(stationAudit.getByTestId('station-audit-row').and(admin.locator('[data-call="people.update"]')).first()).toContainText(`қызметкер: ${TECHNICIAN.name}`);
  await admin.screenshot({ path: test.info().outputPath('audit-admin.png') });
  // In Russian: the same rows, the court's words.
  await ok(admin, 'settings', 'update', { patch: { language: 'ru' } });
  const refusedRu = stationAudit.getByTestId('station-audit-row').and(admin.locator('[data-outcome="auth.forbidden"]'));
  await expect(refusedRu.getByTestId('audit-outcome')).toHaveText('отказано: роль не позволяет');
  await expect(refusedRu.getByTestId('audit-action')).toHaveText('Запись в протокол');
  // The refusal keeps the roles he held when he was refused, not the ones given to him since.
  await expect(refusedRu.getByTestId('audit-role')).toHaveText('Техник');
  await admin.screenshot({ path: test.info().outputPath('audit-admin-ru.png'), fullPage: true });
  await admin.screenshot({ path: test.info().outputPath('audit-admin-full.png'), fullPage: true });
  expect(consoleErrors).toEqual([]);
});
