import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startAuth } from './auth/auth-store';
import { startHotkeyGate } from './auth/hotkey-gate';
import { startIdleLock } from './auth/idle-lock';
import { installBrowserBridge } from './bridge/browser-bridge';
import { api, setConnection } from './core/core-client';
import { initI18n } from './i18n';
import './styles.css';
import { startObserveFrames } from './video/observe-frames';
import { startVideo } from './video/video-controller';

// Under Electron the preload defines window.hattama; in a browser the bridge does.
if (!window.hattama) window.hattama = installBrowserBridge(setConnection);
initI18n('kk');
// The cameras follow the core's recording state for as long as the window lives (not one workspace).
// While the Situation Center observes, the first camera's frame goes with the sound.
startObserveFrames(api, startVideo(api));
// Who is signed in, the idle lock, and no hotkey while the screen is locked: for the window's life too.
startAuth();
startIdleLock();
startHotkeyGate();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
