import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { HATTAMA_BIN, startCentral, type CentralProcess } from '../test/support/central-process';
import { enrollRaw, post } from '../test/support/central-raw';
import { entryAdded, hearingCreated } from '../test/support/sync-events';
import { COURTROOM_SCREEN, keepScreenshot } from './support/screens';

// The Situation Center in Chromium, against central with three simulated stations: one records a
// hearing, one has a hearing scheduled 15 minutes ago and not opened, one falls silent. The
// supervisor's page shows each in Kazakh within 5 s of its cause, without a reload; the
// supervisor acknowledges a flag and the administrator's audit shows who and when.

const OFFLINE_S = 8;
const REGION = 'Астана қаласы';
const COURTS = { a: 'Астана қаласының №2 аудандық соты', b: 'Астана қаласының мамандандырылған ауданаралық экономикалық соты', c: 'Астана қаласының әкімшілік соты' };

let central: CentralProcess | undefined;
const timers: NodeJS.Timeout[] = [];
test.afterEach(async () => {
  for (const t of timers) clearInterval(t);
  await central?.stop();
  central = undefined;
});

function addUser(data: string, login: string, role: string, name: string, password: string) {
  const r = spawnSync(process.execPath, [HATTAMA_BIN, 'central', 'user', 'add', login, '--role', role, '--name', name, '--data', data], { input: `${password}\n`, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

async function station(c: CentralProcess, id: string, court: string, courtroom: string) {
  const { json } = await c.admin<{ code: string }>('POST', '/admin/codes', { court, courtroom });
  const r = await enrollRaw(c, id, json.code, { court, courtroom });
  expect(r.status).toBe(200);
  const token = r.json.token;
  return {
    beat: async (o: { recording?: boolean; hearingId?: string | null } = {}) => {
      const res = await post(c, '/v1/heartbeat', token, { clock: Date.now(), recording: false, hearingId: null, alarms: [], diskHoursLeft: 300, backlog: { events: 0, segments: 0, bytes: 0 }, version: '0.1.0', ...o });
      expect(res.status).toBe(200);
    },
    push: async (...events: unknown[]) => expect((await post(c, '/v1/events', token, { events })).status).toBe(200),
  };
}

test('three stations on the Situation Center in Kazakh, live; a supervisor acknowledges a flag and the audit shows it', async ({ page }) => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-sc-e2e-'));
  central = await startCentral({ data, env: { HATTAMA_CENTRAL_OFFLINE_SECONDS: String(OFFLINE_S) } });
  addUser(data, 'nurlan', 'supervisor', 'Нұрлан Серіков', 'supervisor-password');
  addUser(data, 'admin1', 'admin', 'Әкімші Әлия', 'administrator-password');
  await central.admin('PUT', '/admin/regions', { courts: Object.values(COURTS).map((court) => ({ court, region: REGION })) });
  const a = await station(central, 'st-e2e-rec', COURTS.a, '12');
  const b = await station(central, 'st-e2e-late', COURTS.b, '7');
  const c = await station(central, 'st-e2e-off', COURTS.c, '3');
  for (const s of [a, b, c]) await s.beat();
  let aRecording: string | null = null;
  // A and B keep beating as stations do (faster than the offline threshold); C has fallen silent.
  timers.push(setInterval(() => void a.beat(aRecording ? { recording: true, hearingId: aRecording } : {}).catch(() => undefined), 2_000));
  timers.push(setInterval(() => void b.beat().catch(() => undefined), 2_000));
  const cSilentSince = Date.now();

  await page.setViewportSize(COURTROOM_SCREEN);
  await page.goto(central.url);
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel('Логин').fill('nurlan');
  await page.getByLabel('Құпиясөз').fill('supervisor-password');
  await page.getByRole('button', { name: 'Кіру' }).click();
  await expect(page.getByRole('heading', { name: 'Жағдаяттық орталық' })).toBeVisible();
  const row = (id: string) => page.locator(`#room-${id}`);
  for (const id of ['st-e2e-rec', 'st-e2e-late']) await expect(row(id).locator('.state')).toHaveText('Бос');
  await expect(page.locator('#live')).toHaveText('Жаңартулар тікелей келіп жатыр');

  // A opens its hearing and records: its row says so within 5 s, without a reload.
  const uid = randomUUID();
  const t1 = Date.now();
  const header = hearingCreated(1, { id: 1, uid });
  if (header.payload.op === 'create') header.payload.judge = 'Бекова Гүлнар';
  await a.push(header, entryAdded(2, { hearingId: 1, hearingUid: uid, kind: 'opened', hearingStatus: 'in_progress' }));
  aRecording = uid;
  await a.beat({ recording: true, hearingId: uid });
  await expect(row('st-e2e-rec').locator('.state')).toHaveText('Жазылып жатыр', { timeout: 5_000 });
  expect(Date.now() - t1).toBeLessThan(5_000);
  await expect(row('st-e2e-rec').locator('.hearing')).toContainText('№ 2-1/2026');

  // B's hearing was scheduled 15 minutes ago and is not opened: late start within 5 s.
  const t2 = Date.now();
  await central.admin('PUT', '/admin/schedule', { hearingId: 'TOR-915', court: COURTS.b, courtroom: '7', caseNumber: '2-915/2026', judge: 'Әлиева Динара', startsAt: new Date(Date.now() - 15 * 60_000).toISOString() });
  await b.beat();
  await expect(row('st-e2e-late').locator('.flag')).toContainText('Отырыс уақытында ашылмады', { timeout: 5_000 });
  expect(Date.now() - t2).toBeLessThan(5_000);
  await expect(row('st-e2e-late').locator('.flag')).toContainText('2-915/2026');

  // C has not been heard from for the offline threshold: offline within 5 s of that moment.
  const offlineAt = cSilentSince + OFFLINE_S * 1000;
  await expect(row('st-e2e-off').locator('.flag')).toContainText('Станциямен байланыс жоқ', { timeout: Math.max(1, offlineAt - Date.now()) + 5_000 });
  expect(Date.now() - offlineAt).toBeLessThan(5_000);
  await expect(row('st-e2e-off').locator('.state')).toHaveText('Байланыс жоқ');
  // The filter narrows to the flagged rooms without a reload.
  await page.locator('#filter select[name=flag]').selectOption('late-start');
  await expect(row('st-e2e-rec')).toBeHidden();
  await expect(row('st-e2e-late')).toBeVisible();
  await page.locator('#filter select[name=flag]').selectOption('');
  await expect(row('st-e2e-rec')).toBeVisible();
  await keepScreenshot(page, 'situation-center-kk');

  // The supervisor acknowledges the offline flag: who and when, on the page.
  await row('st-e2e-off').getByRole('button', { name: 'Таныстым' }).click();
  await expect(row('st-e2e-off').locator('.acked')).toContainText('nurlan танысты');

  // The late room's day: scheduled, not opened, on its timeline; then the page in Russian.
  await row('st-e2e-late').getByRole('link', { name: '7' }).click();
  await expect(page.getByRole('heading', { name: `${COURTS.b}, 7 зал` })).toBeVisible();
  await expect(page.locator('table.day')).toContainText('ашылмаған');
  await expect(page.locator('svg.timeline .scheduled')).toHaveCount(1);
  await keepScreenshot(page, 'situation-center-kk-room');
  await page.getByRole('link', { name: /Барлық залдар/ }).click();
  await page.getByRole('link', { name: 'Русский' }).click();
  await expect(page.getByRole('heading', { name: 'Ситуационный центр' })).toBeVisible();
  await expect(row('st-e2e-rec').locator('.state')).toHaveText('Идёт запись');
  await expect(row('st-e2e-late').locator('.flag')).toContainText('Заседание не открыто вовремя');
  await expect(row('st-e2e-off').locator('.flag')).toContainText('Нет связи со станцией');
  await expect(page.locator('main')).not.toContainText('late-start');
  await keepScreenshot(page, 'situation-center-ru');

  // A supervisor may not read the audit; the administrator sees the acknowledgement in it.
  const refused = await page.goto(new URL('/audit', central.url).toString());
  expect(refused?.status()).toBe(403);
  await page.goto(central.url);
  await page.getByRole('button', { name: 'Выйти' }).click();
  await page.getByLabel('Логин').fill('admin1');
  await page.getByLabel('Пароль').fill('administrator-password');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('link', { name: 'Журнал' }).click();
  await page.getByRole('link', { name: 'Қазақша' }).click();
  const ack = page.locator('#audit tr[data-action="flag.ack"]');
  await expect(ack).toHaveCount(1);
  await expect(ack).toContainText('nurlan (бақылаушы)');
  await expect(ack).toContainText('белгімен танысты');
  await expect(ack).toContainText(`Станциямен байланыс жоқ: ${COURTS.c}, 3`);
});
