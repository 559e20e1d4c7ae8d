import { defineConfig } from 'vitest/config';

// Unit and integration tests of the core, under plain Node (no Electron). Real tools (sox,
// arecord, ffmpeg, PulseAudio, SQLite) are used where the test needs them.
//
// Three projects, one file at a time each, run side by side by scripts/unit-tests.cjs (npm run
// test:unit; vitest alone would queue single-worker projects one after the other):
// - "room": the files that play into and record from the one PulseAudio room
//   (test/support/pulse.ts); sharing that sink, they must not overlap each other;
// - "own": the files that start a PulseAudio daemon of their own (test/support/pulse-own.ts), so
//   they overlap nothing; they are long and mostly wait on the clock (the conference track's
//   alignment test records for minutes), so they run beside the room instead of after it;
// - "core": everything else, which owns its own temp dirs, ports and databases.
// A file that starts using the room must be listed in ROOM, one with its own daemon in OWN
// (test/house/test-projects.test.ts checks both).
export const ROOM = [
  'test/audit/audit.test.ts',
  'test/cli/doctor.test.ts',
  'test/cli/door.test.ts',
  'test/evidence/bwf-recording.test.ts',
  'test/hearing/hearing-recorder.test.ts',
  'test/hearing/interruption.test.ts',
  'test/hearing/privacy-mute.test.ts',
  'test/observe/observe-station.test.ts',
  'test/protocol/recording-statement.test.ts',
  'test/recording/*.test.ts',
  'test/review/review.test.ts',
  'test/roomcheck/room-test.test.ts',
];

export const OWN = ['test/recording/conference-track.test.ts', 'test/recording/conference-live.test.ts', 'test/roomcheck/conference-room-test.test.ts'];

const shared = {
  environment: 'node' as const,
  pool: 'forks' as const,
  testTimeout: 120_000,
  hookTimeout: 120_000,
  fileParallelism: false,
  // Every event the core emits is checked against the contract (main/runtime/event-bus.ts); child processes inherit it.
  env: { HATTAMA_CHECK_EVENTS: '1' },
  // Every station seals its key with a passphrase, as a headless station must (test/support/key-passphrase.ts).
  globalSetup: ['test/support/global-setup.ts'],
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'room', include: ROOM, exclude: OWN } },
      { test: { ...shared, name: 'own', include: OWN } },
      { test: { ...shared, name: 'core', include: ['test/**/*.test.ts'], exclude: [...ROOM, ...OWN] } },
    ],
  },
});
