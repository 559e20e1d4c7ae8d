import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { CALL_NAMES, callChannel, eventChannel } from '../../common/contract/index';
import { HattamaError, type Result } from '../../common/errors';
import type { Core } from '../core/core';
import { newDoorSession, type DoorSession } from '../runtime/handlers';
import { toErrorPayload } from '../i18n/translator';
import { saveExportCopy, type AskSavePath } from './save-copy';
import { openCheckedFile, type OpenPath } from './open-file';

/** The app's own origin; IPC from any other frame is refused. */
export const APP_ORIGIN = 'app://hattama';

/**
 * scheme://host of a URL. Not `URL.origin`: Node's URL does not know that Electron registered
 * app:// as a standard scheme and answers "null" for it, which would refuse our own page.
 */
export function originOf(url: string | undefined | null): string {
  try {
    const u = new URL(url ?? '');
    return `${u.protocol}//${u.host}`;
  } catch {
    return '';
  }
}

export function isTrustedFrame(frame: Pick<WebFrameMain, 'url'> | null | undefined): boolean {
  return !!frame && originOf(frame.url) === APP_ORIGIN;
}

/**
 * One ipcMain handler per contract call. Takes an ipcMain-like object so it is tested without
 * Electron. The sender's frame must be the app's own page; the payload is validated by the
 * core's dispatcher, which answers a bad one with a translated error and never throws.
 */
export function wireIpc(ipc: Pick<IpcMain, 'handle' | 'removeHandler'>, core: Core, opts: { askSavePath?: AskSavePath; openPath?: OpenPath } = {}): () => void {
  // Each window (web contents) is its own connection with its own signed-in person.
  const sessions = new Map<number, DoorSession>();
  const sessionOf = (e: IpcMainInvokeEvent): DoorSession => {
    let s = sessions.get(e.sender.id);
    if (!s) {
      s = newDoorSession();
      sessions.set(e.sender.id, s);
      e.sender.once?.('destroyed', () => sessions.delete(e.sender.id));
    }
    return s;
  };
  for (const name of CALL_NAMES) {
    ipc.handle(callChannel(name), async (e: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedFrame(e.senderFrame)) {
        core.log.warn({ call: name, url: e.senderFrame?.url }, 'IPC from an untrusted frame refused');
        return { ok: false, error: toErrorPayload(new HattamaError('app.forbiddenSender'), core.settings.get().language) };
      }
      const result = await core.call(name, input, { transport: 'ipc', session: sessionOf(e) });
      // The save dialog is the shell's: only a path the person picked there gets a copy.
      if (name === 'protocol.export' && opts.askSavePath) return saveExportCopy(input, result, opts.askSavePath, core.settings.get().language);
      if (name === 'protocol.openFile' && opts.openPath) return openCheckedFile(input, result, opts.openPath, core.settings.get().language);
      return result;
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipc.removeHandler(callChannel(name));
  };
}

/** Core events to a window's page. */
export function forwardEvents(core: Core, send: (channel: string, payload: unknown) => void): () => void {
  return core.events.onAny((name, payload) => send(eventChannel(name), payload));
}
