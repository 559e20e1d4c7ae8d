import type { Page } from '@playwright/test';
import { addPerson, expect, signIn, startStation, stopStation, test, TEST_PERSON, type TestPerson } from './support/station';

// People at the station: sign in by PIN, a hearing kept through an idle lock while it records
// (the recording and the cameras go on, hotkeys do nothing, the chain has no gap), unlock, and a
// technician who sees no secretary's actions. TEST_PERSON holds every role (administrator too).
const TECHNICIAN: TestPerson = { name: 'Жұмабеков Ерлан Серікұлы', pin: '97531', roles: ['technician'] };
const CASE = '2-777/2026';

type R<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
const call = <T,>(page: Page, ns: string, method: string, input: unknown = {}) =>
  page.evaluate(
    ([ns, method, input]) => (window as never as Record<string, Record<string, Record<string, (i: unknown) => Promise<unknown>>>>).hattama![ns]![method]!(input),
    [ns, method, input] as const,
  ) as Promise<R<T>>;
const timeline = async (page: Page) => {
  const r = await call<{ timeline: Array<{ type: string }> }>(page, 'recording', 'state');
  return r.ok ? r.value.timeline.map((m) => m.type) : [];
};
const videoBytes = async (page: Page) => {
  const r = await call<{ tracks: Array<{ bytes: number }> }>(page, 'video', 'status');
  return r.ok ? r.value.tracks.reduce((n, t) => n + t.bytes, 0) : 0;
};
const recordingState = (page: Page) => page.getByTestId('recording-state');

test('sign in by PIN, a hearing recorded through an idle lock without a gap, unlock; a technician sees no secretary actions', async ({ page, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  addPerson(station, TECHNICIAN);
  await page.goto(station.url);

  // Nobody is signed in: the core refuses the protocol, the screen asks for a name and a PIN.
  await expect(page.getByTestId('signin')).toBeVisible();
  await expect(page.getByTestId('lock-countdown')).toHaveText('Ешкім жүйеге кірмеген');
  expect(await call(page, 'protocol', 'hearings', {})).toMatchObject({ ok: false, error: { code: 'auth.required' } });
  // A wrong PIN is the core's message, in Kazakh, with the attempts left.
  await page.locator('#signin-person').fill(TEST_PERSON.name);
  await page.locator('#signin-pin').fill('1111');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('signin-error')).toContainText('PIN-код қате');
  await expect(page.getByTestId('signin-error')).toContainText('4');
  // The person is chosen from the list, the PIN typed, Enter.
  await page.getByRole('button', { name: new RegExp(TEST_PERSON.name) }).click();
  await expect(page.locator('#signin-person')).toHaveValue(TEST_PERSON.name);
  await page.locator('#signin-pin').fill(TEST_PERSON.pin);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('signed-in-name')).toHaveText(TEST_PERSON.name);
  await expect(page.getByTestId('signed-in-roles')).toHaveText('Сот отырысының хатшысы · Судья · Техник · Әкімші');
  await expect(page.getByTestId('lock-countdown')).toHaveText(/^Құлыпқа дейін \d\d:\d\d$/);

  // The hearing: open (the recording starts), a note, recess, resume.
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Control+k');
  await page.keyboard.type(CASE);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Іс ${CASE}` })).toBeVisible();
  await page.getByRole('button', { name: /Отырысты бастау/ }).click();
  await expect(recordingState(page)).toHaveText('Жазылуда', { timeout: 30_000 });
  // The opening is logged: the note field is open for typing.
  await expect(page.getByTestId('entry').first()).toHaveAttribute('data-kind', 'opened');
  await expect(page.locator('#note-text')).toBeEnabled();
  await page.locator('#note-text').focus();
  await page.keyboard.type('Тараптар келді, сот отырысы ашылды');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('entry')).toHaveCount(2);
  await page.keyboard.press('Alt+P');
  await expect(recordingState(page)).toContainText('Үзіліс');
  await page.keyboard.press('Alt+U');
  await expect(recordingState(page)).toHaveText('Жазылуда');
  await expect(page.getByTestId('entry')).toHaveCount(4);

  // An idle lock of 3 s, set by the administrator; then nobody touches the station.
  expect(await call(page, 'settings', 'update', { patch: { security: { lockAfterMinutes: 0.05 } } })).toMatchObject({ ok: true });
  await expect(page.getByTestId('locked-for')).toContainText(TEST_PERSON.name, { timeout: 20_000 });
  await expect(page.getByRole('heading', { name: 'Экран құлыпталды' })).toBeVisible();
  await expect(page.getByTestId('lock-countdown')).toHaveText('Экран құлыпталған');
  // The core has locked the connection too; the recording, its state and the cameras go on.
  expect(await call(page, 'protocol', 'hearings', {})).toMatchObject({ ok: false, error: { code: 'auth.locked' } });
  await expect(page.getByTestId('status-recording')).toHaveText('Жазылуда');
  const bytes = await videoBytes(page);
  await expect.poll(() => videoBytes(page), { timeout: 20_000 }).toBeGreaterThan(bytes);
  // Hotkeys do nothing while locked: no recess, no workspace.
  await page.keyboard.press('Alt+P');
  await page.keyboard.press('Alt+3');
  expect(await timeline(page)).toEqual(['start', 'pause', 'resume']);

  // Unlock with the PIN: the same hearing, as it was, still recording; the lock goes back to 10 minutes.
  await signIn(page, TEST_PERSON.name, TEST_PERSON.pin);
  expect(await call(page, 'settings', 'update', { patch: { security: { lockAfterMinutes: 10 } } })).toMatchObject({ ok: true });
  await expect(page.getByRole('heading', { name: `Іс ${CASE}` })).toBeVisible();
  await expect(recordingState(page)).toHaveText('Жазылуда');
  await expect(page.getByTestId('entry')).toHaveCount(4);
  expect(await timeline(page)).toEqual(['start', 'pause', 'resume']);
  await page.keyboard.press('Alt+Z');
  await expect(recordingState(page)).toHaveText('Жазба аяқталды', { timeout: 30_000 });
  // Through the lock the chain has no gap: start, the recess, stop.
  expect(await timeline(page)).toEqual(['start', 'pause', 'resume', 'stop']);

  // Sign out; the technician signs in: no secretary's workspace, no event buttons, no hotkey of theirs.
  await page.keyboard.press('Alt+0');
  await page.getByTestId('sign-out').click();
  await signIn(page, TECHNICIAN.name, TECHNICIAN.pin);
  await expect(page.getByTestId('signed-in-name')).toHaveText(TECHNICIAN.name);
  await expect(page.getByTestId('signed-in-roles')).toHaveText('Техник');
  await expect(page.locator('.tab')).toHaveText(['Техник']);
  await expect(page.locator('.tile-title')).toHaveText(['Техник']);
  await page.keyboard.press('1');
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Alt+2');
  await page.keyboard.press('Alt+4');
  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('heading', { name: 'Техник', level: 1 })).toBeVisible();
  await expect(page.locator('[data-kind]')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Хатшы' })).toHaveCount(0);
  // The core refuses the protocol to a technician anyway.
  expect(await call(page, 'protocol', 'hearings', {})).toMatchObject({ ok: false, error: { code: 'auth.forbidden' } });
  expect(consoleErrors).toEqual([]);
});

test('switch person without signing out; lock now; Escape keeps the one signed in', async ({ page, station, consoleErrors }) => {
  addPerson(station, TECHNICIAN);
  await page.goto(station.url);
  await signIn(page, TEST_PERSON.name, TEST_PERSON.pin);
  await page.getByTestId('switch-person').click();
  await expect(page.getByRole('heading', { name: 'Қызметкерді ауыстыру' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('signed-in-name')).toHaveText(TEST_PERSON.name);

  await page.getByTestId('switch-person').click();
  await signIn(page, TECHNICIAN.name, TECHNICIAN.pin);
  await expect(page.getByTestId('signed-in-name')).toHaveText(TECHNICIAN.name);
  expect(await call(page, 'people', 'list', {})).toMatchObject({ ok: false, error: { code: 'auth.forbidden' } });

  // Lock now: another person may take over from the lock screen.
  await page.getByTestId('lock-now').click();
  await expect(page.getByTestId('locked-for')).toContainText(TECHNICIAN.name);
  await signIn(page, TEST_PERSON.name, TEST_PERSON.pin);
  await expect(page.getByTestId('signed-in-name')).toHaveText(TEST_PERSON.name);
  await expect(page.locator('.tab')).toHaveText(['Хатшы', 'Судья: қарау', 'Техник', 'Әкімшілік']);
  expect(consoleErrors).toEqual([]);
});

test('a new station: the first administrator registers on screen, adds a secretary, who signs in', async ({ page, consoleErrors }) => {
  const fresh = await startStation();
  try {
    await page.goto(fresh.url);
    const form = page.getByTestId('bootstrap');
    await expect(form.getByRole('heading', { name: 'Станцияның бірінші әкімшісі' })).toBeVisible();
    await form.getByLabel('Тегі, аты, әкесінің аты').fill('Оспанов Нұрлан Қайратұлы');
    await form.getByLabel('PIN-код (4–12 цифр)').fill('8642');
    await form.getByLabel('PIN-кодты қайталаңыз').fill('8643');
    await form.getByRole('button', { name: 'Тіркеу және кіру' }).click();
    await expect(form.getByText('Енгізілген PIN-кодтар сәйкес емес')).toBeVisible();
    await form.getByLabel('PIN-кодты қайталаңыз').fill('8642');
    await form.getByRole('button', { name: 'Тіркеу және кіру' }).click();
    await expect(page.getByTestId('signed-in-name')).toHaveText('Оспанов Нұрлан Қайратұлы');
    await expect(page.getByTestId('signed-in-roles')).toHaveText('Әкімші');

    await page.keyboard.press('Alt+4');
    const add = page.locator('.ws-admin form.person-form');
    await add.getByLabel('Тегі, аты, әкесінің аты').fill('Серікова Айгүл Болатқызы');
    await add.getByLabel('PIN-код (4–12 цифр)').fill('1357');
    await add.getByLabel('PIN-кодты қайталаңыз').fill('1357');
    await add.getByRole('button', { name: 'Қызметкер қосу' }).click();
    await expect(page.getByTestId('admin-notice')).toHaveText('Серікова Айгүл Болатқызы қосылды');
    await expect(page.getByTestId('person-row')).toHaveCount(2);

    await page.keyboard.press('Alt+0');
    await page.getByTestId('sign-out').click();
    await signIn(page, 'Серікова Айгүл Болатқызы', '1357');
    await expect(page.getByTestId('signed-in-roles')).toHaveText('Сот отырысының хатшысы');
    await expect(page.locator('.tab')).toHaveText(['Хатшы', 'Судья: қарау']);
    expect(consoleErrors).toEqual([]);
  } finally {
    await stopStation(fresh);
  }
});
