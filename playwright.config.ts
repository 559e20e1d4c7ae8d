import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/support/chromium';
import { ensureTestPassphraseFile } from './test/support/key-passphrase';

// End-to-end: Debian's Chromium (never a downloaded browser) against `hattama serve`, with
// Chromium's fake camera and microphone. Each test gets a fresh data directory.
// The stations the tests start check every event they emit against the contract (main/runtime/event-bus.ts).
process.env.HATTAMA_CHECK_EVENTS ??= '1';
// Their keys are sealed with a passphrase, as a headless station's must be (test/support/key-passphrase.ts).
process.env.HATTAMA_KEY_PASSPHRASE_FILE ??= ensureTestPassphraseFile();

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  globalSetup: './e2e/support/global-setup.ts',
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
});
