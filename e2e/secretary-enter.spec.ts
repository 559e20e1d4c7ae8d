import { ok } from './support/page-api';
import { expect, openStation, test } from './support/station';

// Enter acts on what the field holds after the last keystroke, never on a list that answered an
// earlier one: a barcode scanner types a case number at 5 ms a key and presses Enter at once.
const PREFIX = '7594-25-00-2/1234-';
const CASES = ['01', '02', '03', '10', '11', '20'].map((n) => `${PREFIX}${n}`);

test('20 keystrokes at 5 ms, then Enter, open exactly the typed case', async ({ page, station, consoleErrors }) => {
  // A busy core: every answer arrives 40 ms late (in order), as on a loaded courtroom PC.
  await page.routeWebSocket(/\/bridge/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => setTimeout(() => ws.send(m), 40));
  });
  await openStation(page, station);
  const today = new Date();
  for (const [i, caseNumber] of CASES.entries()) {
    const at = new Date(today.getFullYear(), today.getMonth(), today.getDate(), 9 + i).toISOString();
    await ok(page, 'protocol', 'createHearing', { caseNumber, scheduledStart: at });
  }
  await page.keyboard.press('Alt+1');
  // Today's hearings are the first tab.
  await expect(page.getByRole('button', { name: 'Бүгін' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('listbox', { name: 'Отырыстар' }).getByRole('option')).toHaveCount(CASES.length);

  for (const target of ['7594-25-00-2/1234-02', '7594-25-00-2/1234-11', '7594-25-00-2/1234-20']) {
    expect(target).toHaveLength(20);
    await page.keyboard.press('Control+k');
    await page.keyboard.type(target, { delay: 5 });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: `Іс ${target}`, exact: true })).toBeVisible();
    // And it stays the typed case: no later answer replaces it.
    await page.waitForTimeout(300);
    await expect(page.getByRole('heading', { level: 2, name: /^Іс / })).toHaveText(`Іс ${target}`);
  }
  // Nothing was created on the way: only the six hearings.
  const all = await ok<unknown[]>(page, 'protocol', 'hearings', { scope: 'all' });
  expect(all).toHaveLength(CASES.length);
  expect(consoleErrors).toEqual([]);
});
