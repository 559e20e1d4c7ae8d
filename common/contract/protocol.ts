import { z } from 'zod';
import {
  AttendanceSchema,
  EntryKindSchema,
  ExhibitStatusSchema,
  HearingCategorySchema,
  HearingStatusSchema,
  ParticipantRoleSchema,
  RemoteViaSchema,
} from '../protocol/kinds';
import { refineWayOfParticipation } from '../protocol/attendance';
import {
  CaseNumberSchema,
  EntryTextSchema,
  InstantSchema,
  NameSchema,
  OptionalLabelSchema,
  ReasonSchema,
  RemoteAppSchema,
} from '../protocol/text';
import { call, event } from './define';

// The electronic protocol: hearings, their roster, the append-only entry log, exhibits,
// export, signature, search. Ids are SQLite integers of this station; `uid` is a UUID that
// names the same thing on central. Times are ISO 8601 (UTC, "…Z") unless said otherwise.

const Id = z.int().positive();
const Iso = z.string();
/** Why a hearing opens without a passed room test: required then, at most 200 characters (an audit row's field). */
export const RoomTestReasonSchema = ReasonSchema.pipe(z.string().trim().min(1).max(200));

/** The capacity a signature is made in: the protocol needs both. */
export const SigningCapacitySchema = z.enum(['secretary', 'judge']);
export type SigningCapacity = z.infer<typeof SigningCapacitySchema>;

export const SessionModeSchema = z.enum(['open', 'closed']);
export const ProceedingsLanguageSchema = z.enum(['kk', 'ru']);

export const HearingSchema = z.object({
  id: Id,
  uid: z.string(),
  caseNumber: z.string(),
  category: HearingCategorySchema,
  court: z.string(),
  courtroom: z.string(),
  judge: z.string(),
  secretary: z.string(),
  scheduledStart: Iso.nullable(),
  scheduledEnd: Iso.nullable(),
  actualStart: Iso.nullable(),
  actualEnd: Iso.nullable(),
  status: HearingStatusSchema,
  /** Signed: new entries, edits and deletions are accepted only as addenda. */
  locked: z.boolean(),
  signedAt: Iso.nullable(),
  signedBy: z.string().nullable(),
  /**
   * A signing round is open: one of the two required signatures is made, this one is missing.
   * From the first signature on, the content is frozen (changes only as addenda, roster and
   * header refused), but `locked`/`signedAt` wait for the last signature.
   */
  awaitingSignature: SigningCapacitySchema.nullable(),
  source: z.enum(['schedule', 'adhoc']),
  externalId: z.string().nullable(),
  participantCount: z.int(),
  entryCount: z.int(),
  sessionMode: SessionModeSchema,
  /** The language of proceedings; null: not stated (nothing is printed for it). */
  proceedingsLanguage: ProceedingsLanguageSchema.nullable(),
  /** Cancelled by mistake or for cause: kept, final; it takes nothing more. */
  cancelled: z.object({ at: Iso, by: z.string(), reason: z.string() }).nullable(),
});
export type Hearing = z.infer<typeof HearingSchema>;

export const ParticipantSchema = z.object({
  id: Id,
  hearingId: Id,
  name: z.string(),
  role: ParticipantRoleSchema,
  attendance: AttendanceSchema,
  /** A remote participant's way of participation (null unless remote): video-conference, and its program when stated. */
  via: RemoteViaSchema.nullable(),
  app: z.string().nullable(),
  note: z.string(),
  /** Order on the roster. */
  position: z.int(),
  /** A line entered by mistake is withdrawn with a reason, never deleted (final). */
  withdrawnAt: Iso.nullable(),
  withdrawReason: z.string().nullable(),
});
export type Participant = z.infer<typeof ParticipantSchema>;

export const ExhibitSchema = z.object({
  id: Id,
  hearingId: Id,
  number: z.string(),
  description: z.string(),
  status: ExhibitStatusSchema,
  offeredBy: z.string().nullable(),
  createdAt: Iso,
  updatedAt: Iso,
});
export type Exhibit = z.infer<typeof ExhibitSchema>;

/** An entry as it reads now (its latest revision). */
export const EntrySchema = z.object({
  id: Id,
  uid: z.string(),
  hearingId: Id,
  kind: EntryKindSchema,
  /** Time of day the entry refers to: for a note, when typing started (client clock). */
  startedAt: Iso,
  /** When the core committed it. */
  createdAt: Iso,
  recordingPositionMs: z.int().nullable(),
  recordingSessionId: z.string().nullable(),
  author: z.string(),
  /** Added after the protocol was signed. */
  addendum: z.boolean(),
  speaker: z.string().nullable(),
  speakerId: z.int().nullable(),
  exhibitId: z.int().nullable(),
  /** Printed exhibit label, e.g. "№ 3 (loan agreement)". */
  exhibitLabel: z.string().nullable(),
  /** Free text typed by the secretary (the template sentence is not included). */
  text: z.string(),
  deleted: z.boolean(),
  /** Revision number of the current text, 1 = never edited. */
  revision: z.int(),
  revisedAt: Iso,
  revisedBy: z.string(),
});
export type Entry = z.infer<typeof EntrySchema>;

export const RevisionSchema = z.object({
  entryId: Id,
  revision: z.int(),
  text: z.string(),
  speaker: z.string().nullable(),
  speakerId: z.int().nullable(),
  deleted: z.boolean(),
  reason: z.string(),
  author: z.string(),
  createdAt: Iso,
  addendum: z.boolean(),
  /** The entry's kind as of this revision (a correction of the kind is a revision too). */
  kind: EntryKindSchema,
});
export type Revision = z.infer<typeof RevisionSchema>;

export const SignatureSchema = z.object({
  id: Id,
  hearingId: Id,
  signedAt: Iso,
  /** Common name from the certificate. */
  signer: z.string(),
  /** null: a signature made before two signatures were required (it alone locked the protocol). */
  capacity: SigningCapacitySchema.nullable(),
  /** The certificate's subject, e.g. "CN=…, SERIALNUMBER=IIN…, C=KZ". */
  subject: z.string(),
  /** From the subject's SERIALNUMBER=IIN… (Kazakh certificates); null when the certificate has none. */
  iin: z.string().nullable(),
  notBefore: Iso.nullable(),
  notAfter: Iso.nullable(),
  /** The signing round (1, 2… per hearing): the signatures of one round are over one PDF. */
  round: z.int().nullable(),
  /** The round's last signature: with it the protocol (or its addenda) is signed. */
  completesRound: z.boolean(),
  /** The printable copy with the signatures shown (written by the round's last signature). */
  copyPath: z.string().nullable(),
  issuer: z.string(),
  serial: z.string(),
  certSha256: z.string(),
  lang: z.enum(['kk', 'ru']),
  pdfPath: z.string(),
  p7sPath: z.string(),
  pdfSha256: z.string(),
  p7sSha256: z.string(),
});
export type Signature = z.infer<typeof SignatureSchema>;

export const HearingDetailSchema = z.object({
  hearing: HearingSchema,
  participants: z.array(ParticipantSchema),
  entries: z.array(EntrySchema),
  exhibits: z.array(ExhibitSchema),
  signatures: z.array(SignatureSchema),
});
export type HearingDetail = z.infer<typeof HearingDetailSchema>;

export const SearchHitSchema = z.object({
  hearing: HearingSchema.pick({ id: true, caseNumber: true, court: true, courtroom: true, judge: true, scheduledStart: true, actualStart: true, status: true }),
  /** The matching entry; null when only the hearing matched (by participant or case number). */
  entry: EntrySchema.nullable(),
  /** What matched: the entry's text (or speaker), its event kind's name, or its exhibit's number and description. */
  matched: z.enum(['text', 'kind', 'exhibit']).optional(),
  /** Text around the match, each matched word between \u0002 and \u0003 (common/protocol/search-marks.ts). */
  snippet: z.string(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const AuditRowSchema = z.object({
  id: Id,
  at: Iso,
  actor: z.string(),
  action: z.string(),
  hearingId: z.int().nullable(),
  entryId: z.int().nullable(),
  detail: z.string(),
});

export const ExportFormatSchema = z.enum(['pdf', 'docx']);
export const ExportLangSchema = z.enum(['kk', 'ru']);

export const ExportResultSchema = z.object({
  path: z.string(),
  bytes: z.int(),
  sha256: z.string(),
  /** Desktop app, after its save dialog: the core's own file under DATA/protocols/ (`path` is the copy). */
  storedPath: z.string().optional(),
});

const exhibitRef = z.object({ number: NameSchema, description: OptionalLabelSchema.optional() }).strict();

export const LogEntryInputSchema = z
  .object({
    hearingId: Id,
    kind: EntryKindSchema,
    /** A participant on the roster, or a free name in `speaker` (who is not on the roster). */
    speakerId: Id.optional(),
    speaker: OptionalLabelSchema.optional(),
    /** For exhibit_* kinds: the exhibit's number (offered creates it; admitted/excluded find it). */
    exhibit: exhibitRef.optional(),
    text: EntryTextSchema.optional(),
    /** Client time when the secretary began the entry (for notes: the first keystroke). Default: now. The core pins it to the recording from the recorder's own clock. */
    startedAt: InstantSchema.optional(),
    /** Required (true) once the protocol is signed. */
    addendum: z.boolean().optional(),
  })
  .strict();
export type LogEntryInput = z.output<typeof LogEntryInputSchema>;

export const protocolCalls = {
  'protocol.hearings': call(
    z
      .object({
        /** today: scheduled or held today; upcoming: today and later, not closed; recent: last 30 days; all. */
        scope: z.enum(['today', 'upcoming', 'recent', 'all']).default('upcoming'),
        /** Part of a case number, e.g. what the secretary typed so far. */
        caseNumber: z.string().max(120).optional(),
        limit: z.int().min(1).max(1000).default(200),
      })
      .strict(),
    z.array(HearingSchema),
    "Hearings to pick from: today's, upcoming, or by (part of) case number.",
  ),
  'protocol.createHearing': call(
    z
      .object({
        caseNumber: CaseNumberSchema,
        category: HearingCategorySchema.default('other'),
        court: OptionalLabelSchema.optional(),
        courtroom: OptionalLabelSchema.optional(),
        judge: OptionalLabelSchema.optional(),
        secretary: OptionalLabelSchema.optional(),
        scheduledStart: InstantSchema.optional(),
      })
      .strict(),
    HearingSchema,
    'Ad-hoc hearing by case number (not on the schedule). Court/courtroom default to the station settings.',
  ),
  'protocol.updateHearing': call(
    z
      .object({
        hearingId: Id,
        patch: z
          .object({
            caseNumber: CaseNumberSchema,
            category: HearingCategorySchema,
            court: OptionalLabelSchema,
            courtroom: OptionalLabelSchema,
            judge: OptionalLabelSchema,
            secretary: OptionalLabelSchema,
            scheduledStart: InstantSchema,
            scheduledEnd: InstantSchema,
            sessionMode: SessionModeSchema,
            proceedingsLanguage: ProceedingsLanguageSchema.nullable(),
          })
          .partial()
          .strict(),
      })
      .strict(),
    HearingSchema,
    'Correct the hearing header (judge, secretary, category, session mode, language, courtroom, times). Refused once signed.',
  ),
  'protocol.getHearing': call(z.object({ hearingId: Id }).strict(), HearingDetailSchema, 'One hearing with roster, current entries (deleted ones flagged), exhibits and signatures.'),
  'protocol.addParticipant': call(
    z
      .object({ hearingId: Id, name: NameSchema, role: ParticipantRoleSchema, attendance: AttendanceSchema.default('unknown'), via: RemoteViaSchema.optional(), app: RemoteAppSchema.optional(), note: OptionalLabelSchema.optional() })
      .strict()
      .superRefine(refineWayOfParticipation),
    ParticipantSchema,
    'Add a person to the roster.',
  ),
  'protocol.updateParticipant': call(
    z
      .object({ participantId: Id, name: NameSchema.optional(), role: ParticipantRoleSchema.optional(), note: OptionalLabelSchema.optional() })
      .strict(),
    ParticipantSchema,
    "Correct a participant's name, role or note.",
  ),
  'protocol.startHearing': call(
    z.object({ hearingId: Id, startedAt: InstantSchema.optional(), roomTestReason: RoomTestReasonSchema.optional() }).strict(),
    z.object({ hearing: HearingSchema, entry: EntrySchema }),
    'Open the hearing: log the "opened" entry and start its recording (the hearing opens even when the device fails; an alarm says so). Without a room test passed within settings.check.validHours it needs roomTestReason, which goes into the access audit (and to central).',
  ),
  'protocol.logEntry': call(
    LogEntryInputSchema,
    EntrySchema,
    "Commit one entry (event by kind, or a free note) by the hearing's rules: opening starts the recording, recess and deliberation pause it, resuming and the decision resume it, closing stops and signs it; a closed or signed hearing takes only a note. Durable when this resolves.",
  ),
  'protocol.editEntry': call(
    z
      .object({
        entryId: Id,
        text: EntryTextSchema.optional(),
        speakerId: Id.nullable().optional(),
        speaker: OptionalLabelSchema.nullable().optional(),
        /** A corrected kind, only between kinds that do nothing to the hearing's state or recording (hearing/rules.ts). */
        kind: EntryKindSchema.optional(),
        reason: ReasonSchema.optional(),
        addendum: z.boolean().optional(),
      })
      .strict(),
    EntrySchema,
    'Edit an entry (text, speaker, kind): a new revision; the old one stays in its history. Also restores a deleted entry.',
  ),
  'protocol.deleteEntry': call(
    z.object({ entryId: Id, reason: ReasonSchema.optional(), addendum: z.boolean().optional() }).strict(),
    EntrySchema,
    'Delete an entry: a revision that says so; the history keeps every earlier text.',
  ),
  'protocol.entryHistory': call(z.object({ entryId: Id }).strict(), z.array(RevisionSchema), 'Every revision of an entry, oldest first.'),
  'protocol.search': call(
    z
      .object({
        /** Words in entry text (prefix match, all words must occur). */
        text: z.string().max(500).optional(),
        /** Words of a participant's name (roster or speaker). */
        participant: z.string().max(200).optional(),
        /** Part of a case number. */
        caseNumber: z.string().max(120).optional(),
        /** Entries whose time of day falls in [from, to). */
        from: InstantSchema.optional(),
        to: InstantSchema.optional(),
        kinds: z.array(EntryKindSchema).max(20).optional(),
        hearingId: Id.optional(),
        includeDeleted: z.boolean().default(false),
        limit: z.int().min(1).max(500).default(50),
        offset: z.int().min(0).max(100_000).default(0),
      })
      .strict(),
    z.array(SearchHitSchema),
    'Full-text search over all protocols by text, participant, case number and date range.',
  ),
  'protocol.importSchedule': call(
    z.object({ schedule: z.unknown() }).strict(),
    z.object({ created: z.array(Id), updated: z.array(Id), unchanged: z.array(Id) }),
    'Load hearings with participants from a schedule document (see docs/protocol.md).',
  ),
  'protocol.audit': call(z.object({ hearingId: Id }).strict(), z.array(AuditRowSchema), 'The audit log of one hearing, oldest first.'),
};

export const ProtocolChangeSchema = z.object({
  hearingId: Id,
  change: z.enum(['hearing', 'participant', 'entry', 'exhibit', 'signed']),
  hearing: HearingSchema.optional(),
  participant: ParticipantSchema.optional(),
  entry: EntrySchema.optional(),
  exhibit: ExhibitSchema.optional(),
  signature: SignatureSchema.optional(),
});
export type ProtocolChange = z.infer<typeof ProtocolChangeSchema>;

export const protocolEvents = {
  'protocol.changed': event(ProtocolChangeSchema, 'After every committed change of a hearing, with the changed object.'),
};
