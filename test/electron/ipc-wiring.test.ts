import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, callChannel } from '../../common/contract/index';
import type { Result } from '../../common/errors';
import type { Core } from '../../main/core/core';
import { isTrustedFrame, wireIpc } from '../../main/electron/ipc-wiring';
import { openTestCore, STAFF_NAME, STAFF_PIN, staffOf } from '../support/core';

// The shell's IPC wiring takes an ipcMain-like object, so it is tested here without Electron.
type Handler = (e: IpcMainInvokeEvent, input: unknown) => Promise<Result<unknown>>;
const handlers = new Map<string, Handler>();
const fakeIpc = {
  handle: (channel: string, h: Handler) => void handlers.set(channel, h),
  removeHandler: (channel: string) => void handlers.delete(channel),
};
/** An invoke from a window (web contents `sender`) showing `url`. */
const from = (url: string, sender = 1) => ({ senderFrame: { url }, sender: { id: sender, once: () => undefined } }) as unknown as IpcMainInvokeEvent;

let core: Core;
let unwire: () => void;
beforeAll(async () => {
  core = await openTestCore();
  await staffOf(core);
  unwire = wireIpc(fakeIpc as never, core);
});
afterAll(async () => {
  unwire();
  await core.close();
});

describe('IPC wiring', () => {
  it('registers exactly one channel per contract call', () => {
    expect([...handlers.keys()].sort()).toEqual(CALL_NAMES.map(callChannel).sort());
  });

  it('answers the app page', async () => {
    const r = await handlers.get(callChannel('app.ping'))!(from('app://hattama/index.html'), { n: 3 });
    expect(r).toEqual({ ok: true, value: { n: 3 } });
  });

  it('refuses any other origin', async () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'about:blank', '']) {
      const r = await handlers.get(callChannel('settings.get'))!(from(url), {});
      expect(r.ok || r.error.code).toBe('app.forbiddenSender');
    }
    expect(isTrustedFrame(null)).toBe(false);
  });

  it('rejects a bad payload with the field named', async () => {
    await handlers.get(callChannel('auth.signIn'))!(from('app://hattama/'), { person: STAFF_NAME, pin: STAFF_PIN });
    const r = await handlers.get(callChannel('settings.update'))!(from('app://hattama/'), { patch: { audio: { channels: 0 } } });
    expect(!r.ok && r.error.fields?.[0]?.path).toBe('patch.audio.channels');
  });

  it('each window is its own connection: signing in in one signs in nobody in another', async () => {
    const signIn = await handlers.get(callChannel('auth.signIn'))!(from('app://hattama/', 7), { person: STAFF_NAME, pin: STAFF_PIN });
    expect(signIn.ok).toBe(true);
    expect((await handlers.get(callChannel('settings.update'))!(from('app://hattama/', 7), { patch: { court: 'Астана' } })).ok).toBe(true);
    const other = await handlers.get(callChannel('settings.update'))!(from('app://hattama/', 8), { patch: { court: 'Алматы' } });
    expect(!other.ok && other.error.code).toBe('auth.required');
  });
});

describe('origin of the app page', () => {
  it('is app://hattama, although Node’s URL calls the origin of a custom scheme "null"', async () => {
    const { originOf, APP_ORIGIN } = await import('../../main/electron/ipc-wiring');
    expect(new URL('app://hattama/index.html').origin).toBe('null');
    expect(originOf('app://hattama/index.html')).toBe(APP_ORIGIN);
    expect(originOf('https://evil.example/app://hattama')).toBe('https://evil.example');
    expect(originOf(undefined)).toBe('');
  });
});
