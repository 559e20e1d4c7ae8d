import { defineConfig } from 'vitest/config';

// Unit and integration tests of the core, under plain Node (no Electron). Real tools (sox,
// arecord, ffmpeg, PulseAudio, SQLite) are used where the test needs them.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Audio tests share one PulseAudio daemon and the machine has 2 cores.
    fileParallelism: false,
    // Every event the core emits is checked against the contract (main/runtime/event-bus.ts); child processes inherit it.
    env: { HATTAMA_CHECK_EVENTS: '1' },
    // Every station seals its key with a passphrase, as a headless station must (test/support/key-passphrase.ts).
    globalSetup: ['test/support/global-setup.ts'],
  },
});
