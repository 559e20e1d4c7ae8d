import fs from 'node:fs';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callChannel } from '../../common/contract/index';
import type { Result } from '../../common/errors';
import type { Core } from '../../main/core/core';
import { wireIpc } from '../../main/electron/ipc-wiring';
import { openTestCore, staffOf, STAFF_NAME, STAFF_PIN } from '../support/core';
import { tempDir } from '../support/tools';

// In the desktop app an export lands where the person picked in the save dialog, which the
// shell shows; a path sent over IPC by the page (without the dialog) is refused, nothing written.
type Handler = (e: IpcMainInvokeEvent, input: unknown) => Promise<Result<unknown>>;
const handlers = new Map<string, Handler>();
const fakeIpc = { handle: (c: string, h: Handler) => void handlers.set(c, h), removeHandler: (c: string) => void handlers.delete(c) };
const page = { senderFrame: { url: 'app://hattama/index.html' }, sender: { id: 7, once: () => undefined } } as unknown as IpcMainInvokeEvent;
const call = (name: string, input: unknown) => handlers.get(callChannel(name as never))!(page, input);

let core: Core;
let unwire: () => void;
const picked = path.join(tempDir('hattama-picked-'), 'мой протокол.pdf');
const asked: string[] = [];
let answer: string | null = picked;
const opened: Array<{ file: string; reveal: boolean }> = [];
let openAnswer = '';
beforeAll(async () => {
  core = await openTestCore();
  unwire = wireIpc(fakeIpc as never, core, {
    askSavePath: async (name) => {
      asked.push(name);
      return answer;
    },
    openPath: async (file, reveal) => {
      opened.push({ file, reveal });
      return openAnswer;
    },
  });
  // the station's first person, then signed in on this window
  expect((await call('people.add', { fullName: STAFF_NAME, roles: ['secretary', 'administrator'], pin: STAFF_PIN })).ok).toBe(true);
  expect((await call('auth.signIn', { person: STAFF_NAME, pin: STAFF_PIN })).ok).toBe(true);
});
afterAll(async () => {
  unwire();
  await core.close();
});

describe('export in the desktop app', () => {
  it('copies to the path picked in the save dialog; the station keeps its own under DATA/protocols', async () => {
    const h = await call('protocol.createHearing', { caseNumber: '2-801/2025' });
    const hearingId = (h as { value: { id: number } }).value.id;
    const r = await call('protocol.export', { hearingId, format: 'pdf', lang: 'kk', saveAs: true });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect((r as { value: { path: string } }).value.path).toBe(picked);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^protocol-2-801_2025-.*\.pdf$/);
    const kept = path.join(core.dataDir, 'protocols', String(hearingId), asked[0]!);
    expect(fs.readFileSync(picked).equals(fs.readFileSync(kept))).toBe(true);

    // cancelled: the station's file only
    answer = null;
    const c = await call('protocol.export', { hearingId, format: 'docx', lang: 'ru', saveAs: true });
    expect(path.dirname((c as { value: { path: string } }).value.path)).toBe(path.join(core.dataDir, 'protocols', String(hearingId)));
  });

  it('refuses an out path sent over IPC, writing nothing', async () => {
    const h = await call('protocol.createHearing', { caseNumber: '2-802/2025' });
    const hearingId = (h as { value: { id: number } }).value.id;
    const target = path.join(tempDir('hattama-victim-'), 'x.pdf');
    const r = await call('protocol.export', { hearingId, format: 'pdf', lang: 'kk', out: target });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('app.invalidInput');
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.existsSync(path.join(core.dataDir, 'protocols', String(hearingId)))).toBe(false);
  });
});

describe('opening an export in the desktop app (to read or print it)', () => {
  it("opens the station's own file that the core checked, or shows it in its folder; the saved copy's result names the station's file", async () => {
    const h = await call('protocol.createHearing', { caseNumber: '2-803/2025' });
    const hearingId = (h as { value: { id: number } }).value.id;
    answer = picked;
    const r = (await call('protocol.export', { hearingId, format: 'pdf', lang: 'ru', saveAs: true })) as { ok: true; value: { path: string; storedPath: string } };
    expect(r.value.path).toBe(picked);
    expect(path.dirname(r.value.storedPath)).toBe(path.join(core.dataDir, 'protocols', String(hearingId)));
    opened.length = 0;
    expect((await call('protocol.openFile', { path: r.value.storedPath })).ok).toBe(true);
    expect((await call('protocol.openFile', { path: r.value.storedPath, reveal: true })).ok).toBe(true);
    expect(opened).toEqual([
      { file: fs.realpathSync(r.value.storedPath), reveal: false },
      { file: fs.realpathSync(r.value.storedPath), reveal: true },
    ]);
    // The system could not open it: its reason, translated.
    openAnswer = 'No application is registered';
    const failed = await call('protocol.openFile', { path: r.value.storedPath });
    openAnswer = '';
    expect(!failed.ok && failed.error.code).toBe('protocol.openFailed');
    expect(!failed.ok && failed.error.message).toContain('No application is registered');
  });

  it('opens nothing the core did not write: a path outside DATA/protocols, a link out of it, the database; and no other door opens files', async () => {
    opened.length = 0;
    const outside = path.join(tempDir('hattama-open-'), 'x.pdf');
    fs.writeFileSync(outside, '%PDF-1.4');
    const link = path.join(core.dataDir, 'protocols', 'link.pdf');
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(outside, link);
    for (const p of [outside, link, path.join(core.dataDir, 'hattama.db'), '/etc/passwd']) {
      const r = await call('protocol.openFile', { path: p });
      expect(!r.ok && r.error.code, p).toBe('protocol.notAnExport');
    }
    expect(opened).toEqual([]);
    // Signed in through another door (the test door, as the browser's or the CLI's would be): refused.
    const other = await staffOf(core);
    const r = await core.call('protocol.openFile', { path: fs.realpathSync(link.replace('link.pdf', '')) }, other);
    expect(!r.ok && r.error.code).toBe('protocol.openDesktopOnly');
  });
});
