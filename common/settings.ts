import { z } from 'zod';
import { isSecureCentralUrl } from './central-url';

// The one settings schema: electron-store in the shell and conf in the headless core both
// validate against it, so a settings file means the same thing everywhere.

export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

export const SAMPLE_RATES = [16000, 22050, 32000, 44100, 48000] as const;
export const MAX_AUDIO_CHANNELS = 16;
export const MAX_CAMERAS = 4;

/** The microphone roles the technician picks from (shown by app:roles.<role> in the UI language). A role saved before, typed by hand, is kept and shown as it is. */
export const MIC_ROLES = ['judge', 'prosecutor', 'defence', 'witness', 'secretary', 'plaintiff', 'defendant', 'expert', 'interpreter', 'victim'] as const;

export const DEFAULT_CHANNEL_ROLES = ['judge', 'prosecutor', 'defence', 'witness', 'secretary', 'plaintiff', 'defendant', 'expert'];

const label = z.string().trim().max(60);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

// Field schemas without defaults: the full schema adds defaults, the patch schema makes them
// optional. (A default inside a patch would silently reset what the user did not touch.)
const audioFields = {
  /** Capture device name as the platform's recorder knows it ("default", "pulse", "hw:1,0"). */
  device: z.string().trim().min(1).max(200),
  channels: z.int().min(1).max(MAX_AUDIO_CHANNELS),
  sampleRate: z.union(SAMPLE_RATES.map((r) => z.literal(r)) as [z.ZodLiteral<number>, ...z.ZodLiteral<number>[]]),
  /** Role of each channel, by index (judge, prosecutor, ...). */
  roles: z.array(label).max(MAX_AUDIO_CHANNELS),
  /** Where the video-conference's sound is captured (Linux: the monitor of the output the conference app plays to); empty: not recorded. */
  conferenceDevice: z.string().trim().max(200),
  conferenceChannels: z.union([z.literal(1), z.literal(2)]),
};

/** Loopback only: NCALayer listens on this machine, and the protocol's bytes must not leave it. */
const loopbackWss = z.url({ protocol: /^wss$/, hostname: /^(127\.0\.0\.1|localhost|\[::1\])$/ });

// Who holds the signing keys: a PKCS#12 file named at signing time, or Kazakhstan's NCALayer
// (keys on ID cards, tokens or its own file store) on this machine (docs/protocol.md, Signing).
const signingFields = {
  provider: z.enum(['p12', 'ncalayer']),
  ncalayerUrl: loopbackWss,
};

export const SigningSettingsSchema = z.object({
  provider: signingFields.provider.default('p12'),
  ncalayerUrl: signingFields.ncalayerUrl.default('wss://127.0.0.1:13579'),
});

export const CameraSettingsSchema = z.object({
  /** The browser's deviceId. Chromium scopes it to the page's origin: the served UI on another port sees other ids. */
  deviceId: z.string().max(300),
  /** The camera's name as the browser lists it ("HD Pro Webcam C920 (046d:082d)"): the id's fallback when the origin changed. */
  label: z.string().max(300).default(''),
  role: label,
  width: z.int().min(160).max(3840).default(1280),
  height: z.int().min(120).max(2160).default(720),
});

/** The key a camera is known by: its id, or its label when it was saved without one. */
export const cameraKey = (c: { deviceId: string; label?: string }): string => c.deviceId || (c.label ? `label:${c.label}` : '');

/** One camera records in one slot: the second slot with the same camera is refused (its id, or its label when it has no id). */
function oneSlotPerCamera(cams: Array<{ deviceId: string; label?: string }>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  cams.forEach((c, i) => {
    const key = cameraKey(c);
    if (!key) return;
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'deviceId'], message: 'settings:errors.cameraTwice' });
    seen.add(key);
  });
}

const fields = {
  court: label,
  /** The court's name as each protocol language writes it (the Russian protocol prints the Russian name); empty: `court` as typed. */
  courtNames: z.object({ kk: label, ru: label }).partial().strict(),
  courtroom: label,
  language: LanguageSchema,
  centralUrl: z.union([
    z.literal(''),
    z.url({ protocol: /^https?$/ }).refine(isSecureCentralUrl, { message: 'central must be https:// (http:// only on this machine: 127.0.0.1, localhost, [::1])' }),
  ]),
  /** Where recordings, the database and logs live. Empty: the platform default. */
  dataDir: z.string().max(1000),
  segmentSeconds: z.int().min(5).max(3600),
  /** Days a segment's local files are kept after central confirmed them. */
  retentionDays: z.int().min(0).max(3650),
  cameras: z.array(CameraSettingsSchema).max(MAX_CAMERAS).superRefine(oneSlotPerCamera),
  /** Record the video-conference screen (or window) as an extra video track, for remote hearings. */
  recordScreen: z.boolean(),
  /** The court's time zone (IANA): protocol times, dates and the schedule are shown in it. */
  timeZone: z.string().max(100).refine(isTimeZone, { message: 'an IANA time zone, e.g. Asia/Almaty' }),
  /** Minutes after which a privacy mute of a microphone lifts itself, with an alarm (0.05 = 3 s, for tests). */
  privacyMuteMinutes: z.number().min(0.05).max(120),
};

const securityFields = {
  /** Minutes without activity after which a signed-in connection locks (the recording and the hearing go on). */
  lockAfterMinutes: z.number().min(0.05).max(240),
};
export const SecuritySettingsSchema = z.object({ lockAfterMinutes: securityFields.lockAfterMinutes.default(10) });

const centralFields = {
  /** A court's private CA (PEM) that central's TLS certificate is checked against, beside the system's. Empty: the system's only. */
  caFile: z.string().max(1000),
};
export const CentralSettingsSchema = z.object({ caFile: centralFields.caFile.default('') });

// Not in the patch schema: the passphrase file is the machine administrator's, set in the
// settings file (or HATTAMA_KEY_PASSPHRASE_FILE), never from the UI.
export const KeysSettingsSchema = z.object({
  /** A file (0600, first line) holding the passphrase that seals the station key headless. Empty: none (the desktop app uses the OS keychain). */
  passphraseFile: z.string().max(1000).default(''),
});

// Not in the patch schema either: how long a passed room test lets a hearing open without a written
// reason is the court's rule, set in the settings file by its administrator.
export const CheckSettingsSchema = z.object({
  /** A passed (ready) room test counts this many hours; opening a hearing later asks for a written reason. */
  validHours: z.number().min(0.5).max(24).default(4),
});

export const AudioSettingsSchema = z.object({
  device: audioFields.device.default('default'),
  channels: audioFields.channels.default(8),
  sampleRate: audioFields.sampleRate.default(48000),
  roles: audioFields.roles.default(DEFAULT_CHANNEL_ROLES),
  conferenceDevice: audioFields.conferenceDevice.default(''),
  conferenceChannels: audioFields.conferenceChannels.default(2),
});

export const SettingsSchema = z.object({
  /** Stable id of this station; generated on first run. */
  stationId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/),
  court: fields.court.default(''),
  courtroom: fields.courtroom.default(''),
  language: fields.language.default('kk'),
  courtNames: fields.courtNames.default({}),
  centralUrl: fields.centralUrl.default(''),
  dataDir: fields.dataDir.default(''),
  segmentSeconds: fields.segmentSeconds.default(60),
  retentionDays: fields.retentionDays.default(30),
  audio: AudioSettingsSchema.default(() => AudioSettingsSchema.parse({})),
  cameras: fields.cameras.default([]),
  recordScreen: fields.recordScreen.default(false),
  timeZone: fields.timeZone.default('Asia/Almaty'),
  privacyMuteMinutes: fields.privacyMuteMinutes.default(10),
  security: SecuritySettingsSchema.default(() => SecuritySettingsSchema.parse({})),
  signing: SigningSettingsSchema.default(() => SigningSettingsSchema.parse({})),
  central: CentralSettingsSchema.default(() => CentralSettingsSchema.parse({})),
  keys: KeysSettingsSchema.default(() => KeysSettingsSchema.parse({})),
  check: CheckSettingsSchema.default(() => CheckSettingsSchema.parse({})),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** What the UI may change: any field but the station id; nested objects merge one level. */
export const SettingsPatchSchema = z
  .object({
    ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])),
    audio: z.object(audioFields).partial().strict().optional(),
    security: z.object(securityFields).partial().strict().optional(),
    signing: z.object(signingFields).partial().strict().optional(),
    central: z.object(centralFields).partial().strict().optional(),
  })
  .strict() as unknown as z.ZodType<SettingsPatch>;
export type SettingsPatch = Partial<Omit<Settings, 'stationId' | 'audio' | 'security' | 'signing' | 'central' | 'keys' | 'check'>> & {
  audio?: Partial<Settings['audio']>;
  security?: Partial<Settings['security']>;
  signing?: Partial<Settings['signing']>;
  central?: Partial<Settings['central']>;
};

/** Bytes of raw PCM one hour of recording takes at these audio settings (16-bit). */
export function bytesPerHour(audio: Pick<Settings['audio'], 'channels' | 'sampleRate'>): number {
  return audio.channels * audio.sampleRate * 2 * 3600;
}
