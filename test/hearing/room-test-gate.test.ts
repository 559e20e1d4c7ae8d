import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../common/contract/audit';
import type { Hearing, HearingDetail } from '../../common/contract/protocol';
import type { RecordingState } from '../../common/contract/recording';
import type { Core } from '../../main/core/core';
import { HearingService } from '../../main/hearing/hearing-service';
import type { Recorder } from '../../main/hearing/recorder';
import { createLogger } from '../../main/log/logger';
import { createProtocolStore } from '../../main/protocol/module';
import { lastRoomTest, roomTestsDir } from '../../main/roomcheck/room-test-store';
import { openTestCore, seedStaffCli, staffOf } from '../support/core';
import { startCentral } from '../support/central-process';
import { recordRoomTest } from '../support/room-test';
import { enroll, makeStation, makeWorker, type TestStation } from '../support/station';
import { tempDir } from '../support/tools';
import { openConfSettings } from '../../main/settings/settings-store';
import { SettingsSchema } from '../../common/settings';

// A hearing opens on a room that was tested: a room test passed within settings.check.validHours,
// or a written reason, which goes into the opening's audit row and to central (audit.entry).

const HOUR = 3_600_000;
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** The hearing service on a real store, with a recorder that only counts its starts. */
async function service(): Promise<{ st: TestStation; svc: HearingService; starts: () => number; hearing: () => Hearing }> {
  const st = await makeStation();
  cleanups.push(() => st.close());
  const store = createProtocolStore(st);
  let starts = 0;
  let state = { state: 'idle', hearingId: null, sessionId: null, timeline: [], position: 0, segments: 0 } as unknown as RecordingState;
  const recorder: Recorder = {
    start: async (i) => {
      starts++;
      state = { ...state, state: 'recording', hearingId: i.hearingId ?? null, sessionId: 's1', startedAt: new Date().toISOString(), position: 0 } as RecordingState;
      return state;
    },
    pause: () => state,
    resume: () => state,
    stop: async () => state,
    state: () => state,
    privacyMute: () => {
      throw new Error('no privacy mute in these tests');
    },
  };
  const { log } = createLogger(st.dir, { sync: true });
  const svc = new HearingService({ store, recorder, events: st.events, log, lastRoomTest: () => lastRoomTest(st.dir, st.settings.get().check.validHours), mute: { db: st.db, settings: () => st.settings.get() } });
  const h = store.createHearing({ caseNumber: '2-77/2026', source: 'adhoc', author: 'test' });
  return { st, svc, starts: () => starts, hearing: () => store.hearing(h.id) };
}

const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
const refusal = (p: Promise<unknown>) => p.then(() => 'opened', (e: { code?: string; message?: string }) => e.code ?? String(e.message));

describe('the room test gate, in the hearing service', () => {
  it('refuses to open without a passed test and a reason, and changes nothing', async () => {
    const { svc, starts, hearing, st } = await service();
    expect(await refusal(svc.startHearing({ hearingId: hearing().id }))).toBe('roomcheck.noValidTest');
    // logEntry of "opened" is the same door: refused too.
    expect(await refusal(svc.logEntry({ hearingId: hearing().id, kind: 'opened' }))).toBe('roomcheck.noValidTest');
    expect(hearing().status).toBe('scheduled');
    expect(hearing().entryCount).toBe(0);
    expect(starts()).toBe(0);
    expect(st.db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'entry.added'").get()).toEqual({ n: 0 });
  });

  it('a passed test 3 h old lets it open; 5 h old does not (4 h by default); 6 h counts when check.validHours is 6', async () => {
    const a = await service();
    recordRoomTest(a.st.dir, { at: new Date(Date.now() - 3 * HOUR) });
    expect(await refusal(a.svc.startHearing({ hearingId: a.hearing().id }))).toBe('opened');
    expect(a.hearing().status).toBe('in_progress');
    expect(a.starts()).toBe(1);

    const b = await service();
    recordRoomTest(b.st.dir, { at: new Date(Date.now() - 5 * HOUR) });
    expect(await refusal(b.svc.startHearing({ hearingId: b.hearing().id }))).toBe('roomcheck.noValidTest');
    expect(b.starts()).toBe(0);
    // The court's rule, in the settings file: 6 h.
    fs.writeFileSync(path.join(b.st.dir, 'settings.json'), JSON.stringify({ ...b.st.settings.get(), check: { validHours: 6 } }));
    b.st.settings = await openConfSettings(b.st.dir);
    expect(b.st.settings.get().check.validHours).toBe(6);
    expect(await refusal(b.svc.startHearing({ hearingId: b.hearing().id }))).toBe('opened');
  });

  it('a passed test dated ahead of the clock (set back, or a date written by hand) does not count; a few seconds of skew do', async () => {
    const a = await service();
    recordRoomTest(a.st.dir, { at: new Date(Date.now() + 2 * HOUR) });
    expect(await refusal(a.svc.startHearing({ hearingId: a.hearing().id }))).toBe('roomcheck.noValidTest');
    const b = await service();
    recordRoomTest(b.st.dir, { at: new Date(Date.now() + 30_000) });
    expect(await refusal(b.svc.startHearing({ hearingId: b.hearing().id }))).toBe('opened');
  });

  it('a test that did not pass does not count, however recent', async () => {
    const { svc, st, hearing, starts } = await service();
    recordRoomTest(st.dir, { ready: false });
    expect(await refusal(svc.startHearing({ hearingId: hearing().id }))).toBe('roomcheck.noValidTest');
    expect(starts()).toBe(0);
    expect(await refusal(svc.startHearing({ hearingId: hearing().id, roomTestReason: 'Техник ауырып қалды' }))).toBe('opened');
    expect(starts()).toBe(1);
  });

  it('check.validHours is validated: a number of hours from 0.5 to 24', async () => {
    const st = await makeStation();
    cleanups.push(() => st.close());
    expect(st.settings.get().check.validHours).toBe(4);
    const base = st.settings.get();
    expect(SettingsSchema.safeParse({ ...base, check: { validHours: 6 } }).success).toBe(true);
    expect(SettingsSchema.safeParse({ ...base, check: { validHours: 0 } }).success).toBe(false);
    expect(SettingsSchema.safeParse({ ...base, check: { validHours: 1000 } }).success).toBe(false);
  });
});

describe('the room test gate, through the core', () => {
  let core: Core;
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const r = await core.call(name, input, await staffOf(core));
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };

  it('refuses in the station language, saying what to do; opens with a reason, which its audit row keeps beside the last test', async () => {
    const dir = tempDir('hattama-gate-');
    core = await openTestCore(dir, { passedRoomTest: false });
    cleanups.push(() => core.close());
    core.settings.update({ audio: { ...core.settings.get().audio, device: 'hw:99,0' } });
    const failed = recordRoomTest(dir, { ready: false, at: new Date(Date.now() - HOUR) });
    const h = await call<{ id: number }>('protocol.createHearing', { caseNumber: '2-88/2026' });
    const ctx = await staffOf(core);

    const refused = await core.call('protocol.startHearing', { hearingId: h.id }, ctx);
    expect(codeOf(refused)).toBe('roomcheck.noValidTest');
    expect(!refused.ok && refused.error.message).toMatch(/залды тексеріңіз немесе .*себебін жазыңыз/);
    const blank = await core.call('protocol.startHearing', { hearingId: h.id, roomTestReason: '   ' }, ctx);
    expect(codeOf(blank)).toBe('app.invalidInput');
    expect((await call<HearingDetail>('protocol.getHearing', { hearingId: h.id })).entries).toEqual([]);

    const reason = 'Техник кешікті; микрофондар таңертең тексерілген';
    const opened = await call<{ hearing: Hearing }>('protocol.startHearing', { hearingId: h.id, roomTestReason: reason });
    expect(opened.hearing.status).toBe('in_progress');

    const rows = (await call<AuditRow[]>('audit.list', { hearingId: h.id })).filter((r) => r.call === 'protocol.startHearing');
    expect(rows.map((r) => r.outcome)).toEqual(['roomcheck.noValidTest', 'app.invalidInput', 'ok']);
    expect(rows[0]!.target).toMatchObject({ roomTestId: failed.id, roomTestAt: failed.at, roomTestReady: false, roomTestValidHours: 4 });
    expect(rows[2]!.target).toMatchObject({ hearingId: h.id, roomTestReason: reason, roomTestId: failed.id, roomTestAt: failed.at, roomTestReady: false });

    // To central: the row's audit.entry in the outbox carries the reason.
    const sent = core.db.prepare<[], { payload: string }>("SELECT payload FROM outbox WHERE kind = 'audit.entry'").all().map((r) => JSON.parse(r.payload) as AuditRow);
    expect(sent.find((p) => p.call === 'protocol.startHearing' && p.outcome === 'ok')!.target.roomTestReason).toBe(reason);
  });

  it('with no test kept at all, the row says none; the reason reaches central', async () => {
    const centralDir = tempDir('hattama-central-');
    const central = await startCentral({ data: centralDir });
    cleanups.push(() => central.stop());
    const dir = tempDir('hattama-gate-');
    const c = await openTestCore(dir, { passedRoomTest: false });
    c.settings.update({ audio: { ...c.settings.get().audio, device: 'hw:99,0' } });
    const ctx = await staffOf(c);
    const h = await c.call('protocol.createHearing', { caseNumber: '2-89/2026' }, ctx);
    const id = (h.ok && (h.value as { id: number }).id) as number;
    const reason = 'Зал тексерілмеген: жедел отырыс';
    const r = await c.call('protocol.startHearing', { hearingId: id, roomTestReason: reason }, ctx);
    expect(r.ok).toBe(true);

    const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', {});
    const st = { dir: c.dataDir, db: c.db, settings: c.settings, events: c.events, close: () => undefined };
    const creds = await enroll(st, central.url, code.code);
    await makeWorker(st, creds).runOnce();
    await c.close();
    const db = new Database(path.join(centralDir, 'central.db'), { readonly: true });
    try {
      const rows = db.prepare<[], { target: string; outcome: string }>("SELECT target, outcome FROM station_audit WHERE call = 'protocol.startHearing'").all();
      expect(rows.map((x) => x.outcome)).toEqual(['ok']);
      expect(JSON.parse(rows[0]!.target)).toMatchObject({ roomTestReason: reason, roomTestId: null, roomTestAt: null, roomTestReady: null });
    } finally {
      db.close();
    }
  }, 60_000);
});

describe('the room test gate, from the CLI', () => {
  // Seven CLI runs, each a core of its own: slow on a loaded machine.
  it('`protocol log --kind opened` is refused in the user language; --room-test-reason opens it, and `hattama audit` shows the reason', () => {
    const data = tempDir('hattama-gate-cli-');
    const env = { ...process.env, ...seedStaffCli(data) };
    fs.rmSync(roomTestsDir(data), { recursive: true, force: true });
    const bin = path.resolve(import.meta.dirname, '../../bin/hattama.js');
    const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000, env });
    fs.writeFileSync(path.join(data, 'settings.json'), JSON.stringify({ stationId: 'gate-cli-1', audio: { device: 'hw:99,0' } }));
    const created = cli('schedule', 'import', '--data', data, path.resolve(import.meta.dirname, '../../resources/schedule-example.json'));
    expect(created.status, created.stderr).toBe(0);

    const en = cli('--lang', 'en', 'protocol', 'log', '--data', data, '--hearing', '1', '--kind', 'opened');
    expect(en.status).not.toBe(0);
    expect(en.stderr).toMatch(/No room test has passed in the last 4 h: .*run the room test or give a written reason/);
    const ru = cli('--lang', 'ru', 'protocol', 'log', '--data', data, '--hearing', '1', '--kind', 'opened');
    expect(ru.stderr).toMatch(/проверьте зал или письменно укажите причину/);
    const misplaced = cli('--lang', 'en', 'protocol', 'log', '--data', data, '--hearing', '1', '--kind', 'note', '--text', 'x', '--room-test-reason', 'x');
    expect(misplaced.status).not.toBe(0);

    const reason = 'Жабдық түнде ауыстырылды, тексеру кейін жасалады';
    const ok = cli('protocol', 'log', '--data', data, '--hearing', '1', '--kind', 'opened', '--room-test-reason', reason);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.trim()).toMatch(/^\d+$/);
    const audit = cli('audit', '--data', data, '--hearing', '1');
    expect(audit.status, audit.stderr).toBe(0);
    expect(audit.stdout).toContain(`roomTestReason=${reason}`);
    expect(audit.stdout).toMatch(/protocol\.startHearing\t1\t.*roomTestAt=null.*\tok$/m);
  }, 180_000);
});
