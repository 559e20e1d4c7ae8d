import { z } from 'zod';

// What can happen in a hearing, as the secretary logs it. The order is the order of a typical
// hearing, which is also the order the UI offers them (and numbers their hotkeys).
export const ENTRY_KINDS = [
  'opened',
  'composition_announced',
  'language_explained',
  'rights_explained',
  'challenge_filed',
  'challenge_resolved',
  'motion_filed',
  'motion_granted',
  'motion_denied',
  'witness_warned',
  'testimony_begins',
  'exhibit_offered',
  'exhibit_admitted',
  'exhibit_excluded',
  'closing_arguments',
  'last_word',
  'recess',
  'resumed',
  'deliberation',
  'decision_announced',
  'adjourned',
  'closed',
  'recording_interrupted',
  'privacy_mute',
  'privacy_unmute',
  'note',
] as const;
export const EntryKindSchema = z.enum(ENTRY_KINDS);
export type EntryKind = z.infer<typeof EntryKindSchema>;

export const HEARING_STATUSES = ['scheduled', 'in_progress', 'recess', 'deliberation', 'closed'] as const;
export const HearingStatusSchema = z.enum(HEARING_STATUSES);
export type HearingStatus = z.infer<typeof HearingStatusSchema>;

export const PARTICIPANT_ROLES = [
  'judge',
  'prosecutor',
  'defender',
  'defendant',
  'victim',
  'plaintiff',
  'respondent',
  'third_party',
  'representative',
  'witness',
  'expert',
  'specialist',
  'interpreter',
  'secretary',
  'bailiff',
  'other',
] as const;
export const ParticipantRoleSchema = z.enum(PARTICIPANT_ROLES);
export type ParticipantRole = z.infer<typeof ParticipantRoleSchema>;

export const ATTENDANCE = ['unknown', 'present', 'absent', 'remote'] as const;
export const AttendanceSchema = z.enum(ATTENDANCE);
export type Attendance = z.infer<typeof AttendanceSchema>;

/** How a remote participant takes part: by the court's video-conference (the only way the law provides for now). */
export const REMOTE_VIA = ['videoconference'] as const;
export const RemoteViaSchema = z.enum(REMOTE_VIA);
export type RemoteVia = z.infer<typeof RemoteViaSchema>;

export const EXHIBIT_STATUSES = ['offered', 'admitted', 'excluded'] as const;
export const ExhibitStatusSchema = z.enum(EXHIBIT_STATUSES);
export type ExhibitStatus = z.infer<typeof ExhibitStatusSchema>;

export const HEARING_CATEGORIES = ['civil', 'criminal', 'administrative', 'economic', 'other'] as const;
export const HearingCategorySchema = z.enum(HEARING_CATEGORIES);
export type HearingCategory = z.infer<typeof HearingCategorySchema>;

export interface KindInfo {
  /** Whether the entry needs a speaker (testimony needs to say whose). */
  speaker: 'required' | 'optional' | 'none';
  /** Whether the entry names an exhibit. */
  exhibit: boolean;
  /** Whether free text is required (a note without text says nothing). */
  textRequired: boolean;
  /** The hearing's status after this event, when it changes it. */
  status?: HearingStatus;
  /** Suggested hotkey for the secretary's console (Alt+key); empty for an entry only the core writes. */
  hotkey: string;
  /** Written by the core itself (the recording was interrupted), never by a person: no button, no hotkey. */
  system?: true;
}

export const KIND_INFO: Record<EntryKind, KindInfo> = {
  opened: { speaker: 'none', exhibit: false, textRequired: false, status: 'in_progress', hotkey: 'O' },
  composition_announced: { speaker: 'none', exhibit: false, textRequired: false, hotkey: 'C' },
  language_explained: { speaker: 'optional', exhibit: false, textRequired: false, hotkey: 'L' },
  rights_explained: { speaker: 'optional', exhibit: false, textRequired: false, hotkey: 'R' },
  challenge_filed: { speaker: 'optional', exhibit: false, textRequired: false, hotkey: 'Q' },
  // What the court decided on the challenge is the entry's text.
  challenge_resolved: { speaker: 'none', exhibit: false, textRequired: false, hotkey: 'Y' },
  motion_filed: { speaker: 'optional', exhibit: false, textRequired: false, hotkey: 'M' },
  motion_granted: { speaker: 'none', exhibit: false, textRequired: false, hotkey: 'G' },
  motion_denied: { speaker: 'none', exhibit: false, textRequired: false, hotkey: 'D' },
  // Which witness: the check before signing matches every witness on the roster to a warning.
  witness_warned: { speaker: 'required', exhibit: false, textRequired: false, hotkey: 'W' },
  testimony_begins: { speaker: 'required', exhibit: false, textRequired: false, hotkey: 'T' },
  exhibit_offered: { speaker: 'optional', exhibit: true, textRequired: false, hotkey: 'E' },
  exhibit_admitted: { speaker: 'none', exhibit: true, textRequired: false, hotkey: 'A' },
  exhibit_excluded: { speaker: 'none', exhibit: true, textRequired: false, hotkey: 'X' },
  closing_arguments: { speaker: 'optional', exhibit: false, textRequired: false, hotkey: 'S' },
  last_word: { speaker: 'optional', exhibit: false, textRequired: false, hotkey: 'F' },
  recess: { speaker: 'none', exhibit: false, textRequired: false, status: 'recess', hotkey: 'P' },
  resumed: { speaker: 'none', exhibit: false, textRequired: false, status: 'in_progress', hotkey: 'U' },
  deliberation: { speaker: 'none', exhibit: false, textRequired: false, status: 'deliberation', hotkey: 'K' },
  decision_announced: { speaker: 'none', exhibit: false, textRequired: false, status: 'in_progress', hotkey: 'V' },
  // To which date and why: the text says it (then the hearing is closed for the day).
  adjourned: { speaker: 'none', exhibit: false, textRequired: true, hotkey: 'J' },
  closed: { speaker: 'none', exhibit: false, textRequired: false, status: 'closed', hotkey: 'Z' },
  recording_interrupted: { speaker: 'none', exhibit: false, textRequired: false, hotkey: '', system: true },
  // A microphone muted for a private conversation, and back: written by the core's hearing.privacyMute (the person who did it is its author), never by logEntry.
  privacy_mute: { speaker: 'none', exhibit: false, textRequired: false, hotkey: '', system: true },
  privacy_unmute: { speaker: 'none', exhibit: false, textRequired: false, hotkey: '', system: true },
  note: { speaker: 'optional', exhibit: false, textRequired: true, hotkey: 'N' },
};

/** The mandatory items the check before signing looks for, in protocol order (main/protocol/sign/sign-check.ts). */
export const SIGN_CHECK_ITEMS = ['composition_announced', 'language_explained', 'rights_explained', 'witness_warned', 'closing_arguments', 'last_word', 'decision_announced'] as const satisfies readonly EntryKind[];

/** Exhibit status an exhibit event sets. */
export const EXHIBIT_STATUS_OF: Partial<Record<EntryKind, ExhibitStatus>> = {
  exhibit_offered: 'offered',
  exhibit_admitted: 'admitted',
  exhibit_excluded: 'excluded',
};

/** The kinds a person logs (buttons, hotkeys, the CLI): every kind but the core's own. */
export const LOGGABLE_KINDS: readonly EntryKind[] = ENTRY_KINDS.filter((k) => !KIND_INFO[k].system);

/**
 * The kinds an entry's kind may be corrected from and to: those that move neither the hearing's
 * state nor its recording, are tied to no exhibit, and are not the station's own. The core's
 * rule is main/hearing/rules.ts (admitKindChange); the console offers only these.
 */
export const CORRECTABLE_KINDS: readonly EntryKind[] = ENTRY_KINDS.filter((k) => !KIND_INFO[k].status && !KIND_INFO[k].exhibit && !KIND_INFO[k].system);
