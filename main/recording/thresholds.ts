// Every threshold of the room test and of the live watch during a recording, in one place
// (docs/recording.md, "Room test" and "Alarms", says the same in words). The watch asks the room
// test's questions (silent, clipping, hum) of the live PCM with the same numbers; LIVE_WATCH only
// says how long it listens before it speaks. Levels are dBFS of 16-bit PCM.

export const ROOM_TEST = {
  /** Speech-level window, ms: silence and the speech level are read from the RMS of these windows. */
  windowMs: 100,
  /** Noise-floor window, ms (one period of 50 Hz): short enough to fall between two words. */
  floorWindowMs: 20,
  /** No 100 ms window louder than this (RMS): nothing above the noise floor of a dead or muted input. */
  silentDb: -60,
  /** A sample at or above this (|x| ≥ 32 393 of 32 767) is at full scale. */
  clipDb: -0.1,
  /** This many full-scale samples in the test make the channel `clipping`. */
  clipSamples: 10,
  /** Power at 50 Hz and its harmonics (up to `humHarmonics` × 50 Hz) above this share of the channel's power: `hum`. */
  humShare: 0.5,
  humHarmonics: 8,
  mainsHz: 50,
  /** Noise floor (5th percentile of 20 ms window RMS) above this: too high for speech, `noisy`. */
  noisyFloorDb: -50,
  /** Speech-level windows (95th percentile) above this with an SNR below `noisySnrDb`: `noisy` too. */
  speechDb: -40,
  noisySnrDb: 10,
  /** Normalised correlation (lag 0) at or above this between two live channels: the same signal, `duplicate`. */
  duplicateCorrelation: 0.95,
  noiseFloorPercentile: 0.05,
  speechPercentile: 0.95,
  /** Free disk below this many hours of recording at the configured channels: not ready. */
  minDiskHours: 4,
  /** Clock further than this from central's (ms): not ready (the record's times would be wrong). */
  maxClockOffsetMs: 2000,
  /** Sync backlog notes: more segments than this waiting for central is worth knowing before a hearing. */
  backlogSegmentsNote: 50,
  /** A passed test counts this many hours: opening a hearing later without one asks for a reason (the default; settings.check.validHours rules). */
  validHours: 4,
  /** Test folders are deleted this many days after the test. */
  keepDays: 7,
  /** Cameras: mean luma (0..255) at or below this is `black`. */
  blackLuma: 16,
  /** Mean absolute change between consecutive frames (0..255) below this: `frozen`. */
  frozenMotion: 0.5,
} as const;

export type RoomTestThresholds = typeof ROOM_TEST;

/** The live watch (main/recording/live-watch.ts, monitor.ts): each alarm within 30 s of its cause, and cleared when it is over. */
export const LIVE_WATCH = {
  /** Level windows (meters, silence), ms: ten a second. */
  windowMs: ROOM_TEST.windowMs,
  /** A channel whose every window is below `ROOM_TEST.silentDb` this long, while another carries speech (`ROOM_TEST.speechDb`): deadMic. */
  deadMicMs: 30_000,
  /** Analysis block, ms: 1 s, so 50 Hz and every harmonic fall on one Goertzel bin (as in the room test). */
  blockMs: 1000,
  /** `ROOM_TEST.clipSamples` full-scale samples within one block raise `clipping`; none for this many blocks clear it. */
  clipClearBlocks: 10,
  /** Hum is judged over this many blocks (the share of their summed power): raised within ~5 s, cleared ~5 s after it stops. */
  humBlocks: 5,
  /**
   * The conference track below `ROOM_TEST.silentDb` in every window this long, while a participant
   * attends remotely: conferenceSilent. A minute, because what it catches (a call that dropped, the
   * app playing to another output than the one recorded) loses every word of the remote participant,
   * while a participant who is questioned answers well within a minute; a shorter wait would sound
   * over the pauses of one who is only listening (conference apps send digital silence then).
   */
  conferenceSilentMs: 60_000,
} as const;

export type LiveWatchThresholds = typeof LIVE_WATCH;
