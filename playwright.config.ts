import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/support/chromium';
import { ensureTestPassphraseFile } from './test/support/key-passphrase';

// End-to-end: Debian's Chromium (never a downloaded browser) against `hattama serve`, with
// Chromium's fake camera and microphone. Each test gets a fresh data directory.
// The stations the tests start check every event they emit against the contract (main/runtime/event-bus.ts).
process.env.HATTAMA_CHECK_EVENTS ??= '1';
// Their keys are sealed with a passphrase, as a headless station's must be (test/support/key-passphrase.ts).
process.env.HATTAMA_KEY_PASSPHRASE_FILE ??= ensureTestPassphraseFile();

// Specs that measure timing, or load both cores for seconds, run with nothing else on the machine
// (scripts/e2e-tests.cjs runs "alone" after "shared"); the rest run two at a time. The long
// hearing's 1,200 commits load both cores for seconds (before the captures were read on their
// own threads, that restarted a recording beside it); the observation measures the tone's way
// to the supervisor.
const ALONE = ['**/video-sync.spec.ts', '**/judge-video.spec.ts', '**/secretary-long-hearing.spec.ts', '**/situation-observe.spec.ts'];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  // Two workers on the two cores: each has its own PulseAudio room (e2e/support/worker-pulse.ts).
  workers: 2,
  reporter: [['list']],
  globalSetup: './e2e/support/global-setup.ts',
  projects: [
    { name: 'shared', testIgnore: ALONE },
    { name: 'alone', testMatch: ALONE, workers: 1 },
  ],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
});
