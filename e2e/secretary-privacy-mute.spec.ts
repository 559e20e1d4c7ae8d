import { call, ok } from './support/page-api';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';
import { expect, openStation, test } from './support/station';

// During a hearing the secretary mutes microphone 3 for a private conversation between the
// defendant and counsel, from the console: the meter says it is muted and for how long, the
// protocol has the entry, and the same microphone is switched back on with one click (kk, ru).
test.use({ viewport: COURTROOM_SCREEN });
const CASE = '2-4417/2026';

const WORDS = {
  kk: { heading: `Іс ${CASE}`, recording: 'Жазылуда', mute: '3 арнасының микрофонын құпия әңгіме үшін өшіру', unmute: '3 арнасының микрофонын қайта қосу', muted: 'Өшірулі · 0 мин', entry: 'Микрофон құпия әңгімеге өшірілді', back: 'Микрофон қайта қосылды' },
  ru: { heading: `Дело ${CASE}`, recording: 'Идёт запись', mute: 'Отключить микрофон канала 3 для конфиденциальной беседы', unmute: 'Снова включить микрофон канала 3', muted: 'Отключён · 0 мин', entry: 'Микрофон отключён для конфиденциальной беседы', back: 'Микрофон снова включён' },
} as const;

test('the secretary mutes microphone 3 from the console, the protocol shows it, and switches it back on (kk, then ru)', async ({ page, station, consoleErrors }) => {
  test.skip(!!process.env.HATTAMA_E2E_NO_AUDIO, process.env.HATTAMA_E2E_NO_AUDIO ?? '');
  test.setTimeout(120_000);
  await openStation(page, station);
  const h = await ok<{ id: number }>(page, 'protocol', 'createHearing', { caseNumber: CASE, category: 'criminal', scheduledStart: new Date().toISOString() });
  await ok(page, 'protocol', 'logEntry', { hearingId: h.id, kind: 'opened' });
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Control+k');
  await page.keyboard.type(CASE);
  await page.keyboard.press('Enter');

  for (const lang of ['kk', 'ru'] as const) {
    const w = WORDS[lang];
    if (lang === 'ru') expect((await call(page, 'settings', 'update', { patch: { language: 'ru' } })).ok).toBe(true);
    await expect(page.getByRole('heading', { name: w.heading })).toBeVisible();
    await expect(page.getByTestId('recording-state')).toHaveText(w.recording, { timeout: 30_000 });
    const meter = page.getByTestId('meter-3');
    await meter.getByRole('button', { name: w.mute }).click();
    await expect(meter.getByTestId('muted-3')).toHaveText(w.muted);
    await expect(meter.getByRole('button', { name: w.unmute })).toHaveAttribute('aria-pressed', 'true');
    // Only microphone 3: the others keep their mute buttons.
    await expect(page.getByTestId('muted-1')).toHaveCount(0);
    await expect(page.getByTestId('meter-1').getByRole('button', { name: w.mute.replace('3', '1') })).toBeEnabled();
    const muted = page.locator('[data-testid="entry"][data-kind="privacy_mute"]');
    await expect(muted).toHaveCount(lang === 'kk' ? 1 : 2);
    await expect(muted.last()).toContainText(w.entry);
    await expect(muted.last()).toContainText('№ 3');
    await keepScreenshot(page, `secretary-privacy-mute-${lang}`);

    await meter.getByRole('button', { name: w.unmute }).click();
    await expect(meter.getByTestId('muted-3')).toHaveCount(0);
    const back = page.locator('[data-testid="entry"][data-kind="privacy_unmute"]');
    await expect(back).toHaveCount(lang === 'kk' ? 1 : 2);
    await expect(back.last()).toContainText(w.back);
  }
  // The core wrote both with the person signed in.
  const detail = await ok<{ entries: Array<{ kind: string; author: string }> }>(page, 'protocol', 'getHearing', { hearingId: h.id });
  const marks = detail.entries.filter((e) => e.kind.startsWith('privacy_'));
  expect(marks.map((e) => e.kind)).toEqual(['privacy_mute', 'privacy_unmute', 'privacy_mute', 'privacy_unmute']);
  expect(new Set(marks.map((e) => e.author))).toEqual(new Set(['Әбенова Сәуле Маратқызы']));
  expect(consoleErrors).toEqual([]);
});
