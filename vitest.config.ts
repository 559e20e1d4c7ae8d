import { defineConfig } from 'vitest/config';

// Unit and integration tests of the core, under plain Node (no Electron). Real tools (sox,
// arecord, ffmpeg, PulseAudio, SQLite) are used where the test needs them.
//
// Two projects, one file at a time each, run side by side by scripts/unit-tests.cjs (npm run
// test:unit; vitest alone would queue single-worker projects one after the other):
// - "room": the files that play into and record from the one PulseAudio room
//   (test/support/pulse.ts); sharing that sink, they must not overlap each other;
// - "core": everything else, which owns its own temp dirs, ports and databases.
// A file that starts using the room must be listed in ROOM (test/house/test-projects.test.ts checks it).
export const ROOM = [
  'test/audit/audit.test.ts',
  'test/cli/doctor.test.ts',
  'test/cli/door.test.ts',
  'test/evidence/bwf-recording.test.ts',
  'test/hearing/hearing-recorder.test.ts',
  'test/hearing/interruption.test.ts',
  'test/hearing/privacy-mute.test.ts',
  'test/protocol/recording-statement.test.ts',
  'test/recording/*.test.ts',
  'test/review/review.test.ts',
  'test/roomcheck/room-test.test.ts',
  'test/roomcheck/conference-room-test.test.ts',
];

/**
 * Files that do not use the room but run in its process, so the two processes take about as
 * long. None now: the conference track's alignment test (190 s of recording) made the room's
 * side the longer one (at 0a12411 the room's files took 356 s and the rest 460 s; the two sync
 * files that were moved here then are 51 s).
 */
const EVEN_OUT: string[] = [];

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
      { test: { ...shared, name: 'room', include: [...ROOM, ...EVEN_OUT] } },
      { test: { ...shared, name: 'core', include: ['test/**/*.test.ts'], exclude: [...ROOM, ...EVEN_OUT] } },
    ],
  },
});
