import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import type { Language } from '../../common/settings';
import { HattamaError } from '../../common/errors';
import { chooseNativeBinding, ELECTRON_BINDING_DIR } from '../db/native-binding';
import { toErrorPayload } from '../i18n/translator';
import { startControlServer, type ControlServer } from '../control/control-server';
import { createCore, type Core } from '../core/core';
import { createLogger } from '../log/logger';
import { registerAppSchemeAsPrivileged, serveRenderer } from './app-protocol';
import { allowedExternalHosts } from './external-links';
import { forwardEvents, wireIpc, APP_ORIGIN } from './ipc-wiring';
import { allowDisplayCapture } from './display-capture';
import { lockNavigation, lockSession } from './security';
import { openElectronSettings } from './settings-electron-store';
import { desktopKeyEncryption } from './os-keychain';

// The Electron shell: windows, IPC wiring, permissions, lifecycle. Everything else is the core.

let core: Core | undefined;
let control: ControlServer | undefined;
/** The station's language once its settings are read: a refusal to start is said in it. */
let language: Language = 'kk';

async function start(): Promise<void> {
  // Fonts and protocol templates: electron-builder copies resources/ beside the asar
  // (extraResources); in development they are in the project folder.
  process.env.HATTAMA_RESOURCES ??= app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(app.getAppPath(), 'resources');
  const settings = await openElectronSettings();
  language = settings.get().language;
  const dataDir = settings.get().dataDir || path.join(app.getPath('userData'), 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const { log, file } = createLogger(dataDir, { name: 'shell' });
  // better-sqlite3 built for Electron's ABI, from its own folder (node_modules keeps Node's build).
  const nativeBinding = chooseNativeBinding({ versions: process.versions, electronDirs: electronBindingDirs(), platform: process.platform, arch: process.arch });
  // The station key is sealed by the OS keychain (asked on first signing, after 'ready').
  const keyEncryption = () => desktopKeyEncryption(safeStorage, settings.get().keys.passphraseFile);
  core = await createCore({ dataDir, settings, log, logFile: file, keyEncryption, ...(nativeBinding ? { nativeBinding } : {}) });
  // The CLI on this machine reaches this core through the control socket, never a second core.
  control = await startControlServer(core);
  const externalHosts = () => allowedExternalHosts(settings.get());

  lockSession(session.defaultSession);
  allowDisplayCapture(session.defaultSession, APP_ORIGIN);
  serveRenderer(path.join(__dirname, '../renderer'), core.media);
  wireIpc(ipcMain, core, {
    askSavePath: async (name) => {
      const r = await dialog.showSaveDialog({ defaultPath: path.join(app.getPath('documents'), name) });
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    openPath: async (file, reveal) => {
      if (!reveal) return shell.openPath(file);
      shell.showItemInFolder(file);
      return '';
    },
  });
  app.on('web-contents-created', (_e, contents) => lockNavigation(contents, externalHosts));

  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: 'Hattama',
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  lockNavigation(win.webContents, externalHosts);
  const off = forwardEvents(core, (channel, payload) => {
    if (!win.isDestroyed()) win.webContents.send(channel, payload);
  });
  win.on('closed', off);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  log.info({ dataDir }, 'station window open');
}

/**
 * Quitting waits for the core: a recording in progress is stopped, its last segment closed and
 * the session signed before the process exits. Electron does not await 'will-quit' handlers, so
 * the quit is held here and finished by hand.
 */
function holdQuitUntilCoreClosed(): void {
  let closing = false;
  app.on('before-quit', (e) => {
    if (closing || !core) return;
    e.preventDefault();
    closing = true;
    const done = (code: number) => app.exit(code);
    void (async () => {
      try {
        await control?.close();
        await core.close();
        done(0);
      } catch (err) {
        core.log.error({ err }, 'closing the core at quit failed');
        done(1);
      }
    })();
  });
}

/** Packaged: resources/native/electron (extraResources); `npm start`: the project's build/native/electron. */
function electronBindingDirs(): string[] {
  return app.isPackaged ? [path.join(process.resourcesPath, 'native', 'electron')] : [path.join(app.getAppPath(), ELECTRON_BINDING_DIR)];
}

/** A core that cannot start (no Electron build of SQLite, a tampered database): say why, in the station's language, and quit. */
function failToStart(e: unknown): void {
  const lang = language;
  const message = e instanceof HattamaError ? toErrorPayload(e, lang).message : String((e as Error)?.message ?? e);
  console.error(e);
  dialog.showErrorBox('Hattama', message);
  app.exit(1);
}

registerAppSchemeAsPrivileged();
app.enableSandbox();
if (!app.requestSingleInstanceLock()) {
  // Another window of Hattama holds the station: it gets the focus (second-instance), this one ends now.
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('window-all-closed', () => app.quit());
  holdQuitUntilCoreClosed();
  app.whenReady().then(start).catch(failToStart);
}
