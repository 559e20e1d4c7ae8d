import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { createCore, type Core } from '../core/core';
import { createLogger } from '../log/logger';
import { registerAppSchemeAsPrivileged, serveRenderer } from './app-protocol';
import { forwardEvents, wireIpc, APP_ORIGIN } from './ipc-wiring';
import { allowDisplayCapture } from './display-capture';
import { lockNavigation, lockSession } from './security';
import { openElectronSettings } from './settings-electron-store';

// The Electron shell: windows, IPC wiring, permissions, lifecycle. Everything else is the core.

registerAppSchemeAsPrivileged();
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

let core: Core | undefined;

async function start(): Promise<void> {
  // Fonts and protocol templates: electron-builder copies resources/ beside the asar
  // (extraResources); in development they are in the project folder.
  process.env.HATTAMA_RESOURCES ??= app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(app.getAppPath(), 'resources');
  const settings = await openElectronSettings();
  const dataDir = settings.get().dataDir || path.join(app.getPath('userData'), 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const { log, file } = createLogger(dataDir, { name: 'shell' });
  core = await createCore({ dataDir, settings, log, logFile: file });

  lockSession(session.defaultSession);
  allowDisplayCapture(session.defaultSession, APP_ORIGIN);
  serveRenderer(path.join(__dirname, '../renderer'), core.media);
  wireIpc(ipcMain, core);

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
  lockNavigation(win.webContents);
  const off = forwardEvents(core, (channel, payload) => {
    if (!win.isDestroyed()) win.webContents.send(channel, payload);
  });
  win.on('closed', off);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  log.info({ dataDir }, 'station window open');
}

app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
app.on('web-contents-created', (_e, contents) => lockNavigation(contents));
app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => void core?.close());
app.whenReady().then(start, (e: unknown) => {
  console.error(e);
  app.exit(1);
});
