import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installBrowserBridge } from './bridge/browser-bridge';
import { setConnection } from './core/core-client';
import { initI18n } from './i18n';
import './styles.css';

// Under Electron the preload defines window.hattama; in a browser the bridge does.
if (!window.hattama) window.hattama = installBrowserBridge(setConnection);
initI18n('kk');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
