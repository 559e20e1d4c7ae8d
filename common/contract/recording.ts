import { z } from 'zod';
import { call, event } from './define';

// The recording domain: the secretary starts, pauses, resumes and stops the legal audio record;
// the UI observes its state, live levels and alarms. Positions are seconds of recorded audio
// (the recording timeline), `at` is the station's wall clock (ISO 8601).

export const RECORDING_STATES = ['idle', 'recording', 'paused', 'stopped'] as const;
export const RecordingStateNameSchema = z.enum(RECORDING_STATES);

/** The track id of the conference's sound (what the video-conference app plays), beside the microphones' `audio`. */
export const CONFERENCE_TRACK = 'conference';
export type RecordingStateName = z.infer<typeof RecordingStateNameSchema>;

export const PAUSE_REASONS = ['recess', 'deliberation', 'other'] as const;
export const PauseReasonSchema = z.enum(PAUSE_REASONS);
export type PauseReason = z.infer<typeof PauseReasonSchema>;

/**
 * Timeline entries: every transition and every gap, never hidden. `mute`/`unmute`: a privacy
 * mute of one microphone (docs/recording.md "Privacy mute"): from `frame` on, that channel is
 * recorded as digital silence; the unmute's `frame` is its first sample recorded again.
 */
export const TIMELINE_TYPES = ['start', 'pause', 'resume', 'gap', 'stop', 'recovered', 'error', 'mute', 'unmute'] as const;
export const TimelineEntrySchema = z.object({
  type: z.enum(TIMELINE_TYPES),
  /** Wall clock, ISO 8601 with milliseconds. */
  at: z.string(),
  /** Seconds on the recording timeline (audio actually recorded before this moment). */
  position: z.number().nonnegative(),
  reason: z.string().optional(),
  /** For gaps: wall-clock milliseconds without audio. */
  gapMs: z.number().nonnegative().optional(),
  /** Message code with details, for `error` entries (e.g. recording.diskFull). */
  code: z.string().optional(),
  /** For `recovered` entries: wall clock of the last sample found on disk. */
  lastAudioAt: z.string().optional(),
  /** For gaps of one video track (cam1, screen): the track; audio gaps have none. */
  track: z.string().optional(),
  /** For mute/unmute: the 1-based microphone channel and its role. */
  channel: z.int().min(1).optional(),
  role: z.string().optional(),
  /** For mute/unmute: the sample (frame of the audio track) where the silence begins, or where the sound is back. */
  frame: z.int().nonnegative().optional(),
  /** For mute/unmute: who did it (the person signed in), absent when the station lifted it by itself. */
  by: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const RecordingStateSchema = z.object({
  state: RecordingStateNameSchema,
  sessionId: z.string().nullable(),
  /** Session folder, relative to the data directory (recordings/<id>). */
  folder: z.string().nullable(),
  caseRef: z.string().nullable(),
  hearingId: z.string().nullable(),
  startedAt: z.string().nullable(),
  /** Seconds of audio recorded so far. */
  position: z.number().nonnegative(),
  pauseReason: PauseReasonSchema.nullable(),
  device: z.string(),
  sampleRate: z.int(),
  channels: z.array(z.object({ channel: z.int().min(1), role: z.string() })),
  segments: z.int().nonnegative(),
  /** Audio capture is running right now (false during a capture restart). */
  capturing: z.boolean(),
  timeline: z.array(TimelineEntrySchema),
  /** Microphones under a privacy mute now: recorded as digital silence since `since` (wall clock) and `frame`. */
  muted: z.array(z.object({ channel: z.int().min(1), role: z.string(), since: z.string(), frame: z.int().nonnegative(), position: z.number().nonnegative() })).default([]),
});
export type RecordingState = z.infer<typeof RecordingStateSchema>;

export const ChannelLevelSchema = z.object({
  channel: z.int().min(1),
  role: z.string(),
  /** dBFS, -120 for digital silence. */
  peakDb: z.number(),
  rmsDb: z.number(),
});
export const LevelsSchema = z.object({
  sessionId: z.string().nullable(),
  at: z.number(),
  position: z.number().nonnegative(),
  channels: z.array(ChannelLevelSchema),
  /** The conference track's channels (roles conference-left/-right), while its capture delivers; absent without one. */
  conference: z.array(ChannelLevelSchema).optional(),
});
export type Levels = z.infer<typeof LevelsSchema>;

// cameraLost: a camera or the screen track stopped delivering video (params.track names it; its
// text lives at video:alarms.cameraLost, see main/video).
// notRecording: a hearing was opened but its recording could not start (params.hearingId, params.reason: the error code).
// hum: mains hum (50 Hz and harmonics) holds most of a channel's power (the room test's verdict, watched live).
// privacyMuteLifted: a privacy mute ran out its settings.privacyMuteMinutes and the station lifted it (text at hearing:privacyMute.alarm).
// conferenceLost: the conference track's capture is down (params.device); the room's recording goes on.
// conferenceSilent: a participant attends remotely but the conference track has carried no sound for params.seconds (params.device).
export const ALARM_KINDS = ['deadMic', 'clipping', 'hum', 'captureLost', 'captureRestarted', 'diskLow', 'diskFull', 'cameraLost', 'notRecording', 'sessionDamaged', 'privacyMuteLifted', 'conferenceLost', 'conferenceSilent'] as const;
export const AlarmKindSchema = z.enum(ALARM_KINDS);
export type AlarmKind = z.infer<typeof AlarmKindSchema>;

export const AlarmSchema = z.object({
  kind: AlarmKindSchema,
  /** 1-based channel, null for the whole recorder (capture, disk). */
  channel: z.int().min(1).nullable(),
  role: z.string().nullable(),
  /** i18n key of the text that says what happened and what to do: recording:alarms.<kind>. */
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** true when raised, false when the condition is over (the UI clears the alarm). */
  active: z.boolean(),
  at: z.number(),
  sessionId: z.string().nullable(),
});
export type Alarm = z.infer<typeof AlarmSchema>;

export const MicCheckSchema = z.object({
  device: z.string(),
  sampleRate: z.int(),
  /** Seconds actually listened to. */
  seconds: z.number(),
  channels: z.array(
    z.object({
      channel: z.int().min(1),
      role: z.string(),
      peakDb: z.number(),
      rmsDb: z.number(),
      /** silent: nothing above -60 dBFS RMS (dead, muted or unplugged); clipping: touched full scale. */
      verdict: z.enum(['ok', 'silent', 'clipping']),
    }),
  ),
});
export type MicCheck = z.infer<typeof MicCheckSchema>;

// The room test before a hearing (main/roomcheck, docs/recording.md "Room test"): every
// microphone recorded for N seconds into a test folder kept apart from evidence, a verdict per
// microphone with the numbers behind it, and what else decides whether the room is ready.
export const MIC_VERDICTS = ['ok', 'silent', 'clipping', 'hum', 'noisy', 'duplicate'] as const;
export const MicVerdictSchema = z.enum(MIC_VERDICTS);
export type MicVerdict = z.infer<typeof MicVerdictSchema>;
export const CAMERA_VERDICTS = ['ok', 'noSignal', 'black', 'frozen', 'lowResolution'] as const;
export const CameraVerdictSchema = z.enum(CAMERA_VERDICTS);
export type CameraVerdict = z.infer<typeof CameraVerdictSchema>;

export const MicResultSchema = z.object({
  channel: z.int().min(1),
  role: z.string(),
  verdict: MicVerdictSchema,
  /** For `duplicate`: the channel whose signal this one carries. */
  duplicateOf: z.int().min(1).nullable(),
  /** dBFS over the whole test, -120 for digital silence. */
  rmsDb: z.number(),
  peakDb: z.number(),
  /** Quiet moments: the 5th percentile of 20 ms window RMS, dBFS. */
  noiseFloorDb: z.number(),
  /** Loud windows (95th percentile) over the noise floor, dB. */
  snrDb: z.number(),
  /** Share of the power at 50 Hz and its harmonics, 0..1. */
  humShare: z.number(),
  /** Samples at full scale. */
  clippedSamples: z.int().nonnegative(),
});
export type MicResult = z.infer<typeof MicResultSchema>;

export const CameraResultSchema = z.object({
  slot: z.int().min(1),
  role: z.string(),
  verdict: CameraVerdictSchema,
  width: z.int().nonnegative(),
  height: z.int().nonnegative(),
  meanLuma: z.number(),
  /** Mean absolute change between consecutive frames, 0..255. */
  motion: z.number(),
});
export type CameraResult = z.infer<typeof CameraResultSchema>;

/**
 * The conference's sound in the room test (settings.audio.conferenceDevice), listened to beside the
 * microphones: `ok` when a call plays sound, `silent` when nothing came above the silence threshold,
 * `unavailable` when the device could not be opened. `expected`: a hearing the test covers has a
 * participant attending remotely; only then does a verdict other than `ok` keep the room from ready.
 */
export const CONFERENCE_VERDICTS = ['ok', 'silent', 'unavailable'] as const;
export const ConferenceResultSchema = z.object({
  device: z.string(),
  verdict: z.enum(CONFERENCE_VERDICTS),
  /** dBFS over the test, loudest channel; -120 for digital silence (and when unavailable). */
  peakDb: z.number(),
  rmsDb: z.number(),
  expected: z.boolean(),
});
export type ConferenceResult = z.infer<typeof ConferenceResultSchema>;

/** One reason the room is not ready (or a note): roomcheck:reasons.<code> with its params, and its text in the station's language. */
export const RoomReasonSchema = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  text: z.string(),
});
export type RoomReason = z.infer<typeof RoomReasonSchema>;

export const RoomTestSchema = z.object({
  id: z.string(),
  /** Wall clock of the start, ISO 8601. */
  at: z.string(),
  /** The test folder, relative to the data directory (roomtests/<id>): kept apart from evidence, deleted after 7 days. */
  folder: z.string(),
  device: z.string(),
  sampleRate: z.int(),
  seconds: z.number(),
  microphones: z.array(MicResultSchema),
  /** Cameras judged by the core; empty when the cameras are the browser's (see docs/recording.md). */
  cameras: z.array(CameraResultSchema),
  camerasChecked: z.boolean(),
  /** The conference's sound, when a conference device is configured; absent otherwise (and in tests written before it was heard). */
  conference: ConferenceResultSchema.optional(),
  /** Hours of recording at the configured channels that fit on the disk; null unknown. */
  diskHours: z.number().nullable(),
  syncBacklog: z.object({ events: z.int().nonnegative(), segments: z.int().nonnegative(), bytes: z.number().nonnegative() }),
  /** Station clock minus central's, ms; null when central is not configured or not reachable. */
  clockOffsetMs: z.number().nullable(),
  ready: z.boolean(),
  /** Why it is not ready (empty when ready). */
  reasons: z.array(RoomReasonSchema),
  /** Things to know that do not stop the hearing (central offline, backlog). */
  notes: z.array(RoomReasonSchema),
  /** Who ran it (the signed-in person's name); absent in tests written before it was kept. */
  by: z.string().max(200).optional(),
});
export type RoomTest = z.infer<typeof RoomTestSchema>;

export const LastRoomTestSchema = z.object({
  /** The most recent room test, passed or not; null when none is kept (tests are deleted after 7 days). */
  test: RoomTestSchema.nullable(),
  /** A test counts for this many hours. */
  validHours: z.number().positive(),
  /** The most recent passed (ready) test within validHours; null when there is none. */
  lastPassedAt: z.string().nullable(),
  /** A passed test within validHours exists: a hearing may open without a written reason. */
  valid: z.boolean(),
});
export type LastRoomTest = z.infer<typeof LastRoomTestSchema>;

// The capture devices the station has (main/recording/device-list.ts): `name` is what goes into
// settings.audio.device and to `arecord -D`.
export const CaptureDeviceSchema = z.object({
  name: z.string(),
  /** The system's own name for it ("Focusrite USB — USB Audio"); empty for ALSA's `default`. */
  description: z.string(),
  /** Channels it captures; null when it cannot be known without opening it (busy). */
  channels: z.int().min(1).nullable(),
  system: z.enum(['pulse', 'alsa']),
  /** The system's default (ALSA `default`, PulseAudio's default source). */
  isDefault: z.boolean(),
  /** PulseAudio source it captures from, if any. */
  source: z.string().nullable(),
});
export type CaptureDevice = z.infer<typeof CaptureDeviceSchema>;
export const CaptureDevicesSchema = z.object({
  devices: z.array(CaptureDeviceSchema),
  /** The monitors of the station's outputs (PulseAudio `<sink>.monitor`): where the conference's sound is captured (settings.audio.conferenceDevice). */
  outputs: z.array(CaptureDeviceSchema),
  /** settings.audio.device now, and whether it is among the devices. */
  configured: z.string(),
  configuredPresent: z.boolean(),
  /** false where there is no list (not Linux): the saved name is typed. */
  listed: z.boolean(),
  /** What could not be listed, as message codes (recording:devices.*) with params. */
  problems: z.array(z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })),
});
export type CaptureDevices = z.infer<typeof CaptureDevicesSchema>;

export const ROOM_TEST_ID_RE = /^rt-[A-Za-z0-9_-]{1,80}$/;

const idText = z.string().trim().min(1).max(100);
const HearingIdSchema = z.int().positive();

export const recordingCalls = {
  'recording.start': call(
    z.object({ caseRef: idText.optional(), hearingId: HearingIdSchema.optional() }).strict(),
    RecordingStateSchema,
    "Start recording: an open hearing's recording after a device failure, or a test recording outside any hearing. Opening a hearing starts its recording by itself.",
  ),
  'recording.pause': call(z.object({ reason: PauseReasonSchema }).strict(), RecordingStateSchema, "Pause a test recording. A hearing's recording pauses when its recess or deliberation is logged."),
  'recording.resume': call(z.object({}).strict(), RecordingStateSchema, 'Resume a paused test recording.'),
  'recording.stop': call(z.object({}).strict(), RecordingStateSchema, "Stop a test recording (close the last segment, sign the manifest). A hearing's recording stops when it is closed."),
  'recording.state': call(
    z.object({ hearingId: HearingIdSchema.optional() }).strict(),
    RecordingStateSchema,
    "The recorder's state; with hearingId, as that hearing sees it (idle when the recorder is on no session of it).",
  ),
  'recording.check': call(
    z.object({ seconds: z.int().min(1).max(30).default(5) }).strict(),
    MicCheckSchema,
    'Technician check: listen to every channel for N seconds without recording (levels stream live); says which are silent or clipping.',
  ),
  'recording.devices': call(
    z.object({}).strict(),
    CaptureDevicesSchema,
    "The capture devices the station has (PulseAudio sources, ALSA hardware) with their channel counts, for the technician's device picker. Changes nothing.",
  ),
  'recording.roomTest': call(
    z.object({ seconds: z.int().min(3).max(30).default(10) }).strict(),
    RoomTestSchema,
    'Room test before a hearing: record every microphone for N seconds into a test folder kept apart from evidence; a verdict per microphone (ok, silent, clipping, hum, noisy, duplicate) with its numbers, free disk, sync backlog, clock offset; ready or not, with reasons.',
  ),
  'recording.roomTestAudio': call(
    z.object({ id: z.string().regex(ROOM_TEST_ID_RE), channel: z.int().min(1).max(16) }).strict(),
    z.object({ mime: z.literal('audio/wav'), base64: z.string() }),
    'One channel of a room test as a mono WAV, to play it back (a test recording, not evidence).',
  ),
  'recording.lastRoomTest': call(
    z.object({}).strict(),
    LastRoomTestSchema,
    "The last room test and whether one passed within the last validHours (the secretary's console before opening a hearing). Changes nothing.",
  ),
};

export const recordingEvents = {
  'recording.state': event(RecordingStateSchema, 'After every transition, segment close and capture restart.'),
  'recording.levels': event(LevelsSchema, 'Per-channel peak and RMS, 10 times a second while capturing.'),
  'recording.alarm': event(AlarmSchema, 'Dead microphone, clipping, hum, capture lost/restarted, low or full disk; active false when a condition is over.'),
};
