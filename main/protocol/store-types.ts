import type { LogEntryInput, SigningCapacity } from '../../common/contract/protocol';
import { HattamaError } from '../../common/errors';
import type { Attendance, EntryKind, HearingCategory, ParticipantRole, RemoteVia } from '../../common/protocol/kinds';
import { cleanText, MAX_ENTRY_TEXT, type RecordingRef } from '../../common/protocol/text';
import type { ProtocolChange } from '../../common/contract/protocol';

// The shapes the protocol store takes and small pure helpers its parts share.

export interface StoreOptions {
  /** Defaults for ad-hoc hearings (the station's settings). */
  defaults?: () => { court: string; courtroom: string };
  /** Called after each committed change (the core turns it into the protocol.changed event). */
  onChange?: (change: ProtocolChange) => void;
  /** Clock, replaceable in tests. */
  now?: () => Date;
}

export interface NewHearing {
  caseNumber: string;
  category?: HearingCategory;
  court?: string;
  courtroom?: string;
  judge?: string;
  secretary?: string;
  scheduledStart?: string | null;
  scheduledEnd?: string | null;
  source?: 'schedule' | 'adhoc';
  externalId?: string | null;
  author?: string;
}

/** A roster line as added (the contract has cleaned the name, note and program). */
export interface NewParticipant {
  hearingId: number;
  name: string;
  role: ParticipantRole;
  attendance?: Attendance;
  /** Remote only: the way of participation and its program (common/protocol/attendance.ts). */
  via?: RemoteVia;
  app?: string;
  note?: string;
  author?: string;
}

/** A correction of a roster line; attendance with its way of participation (set together). */
export interface ParticipantUpdate {
  participantId: number;
  name?: string;
  role?: ParticipantRole;
  note?: string;
  attendance?: Attendance;
  via?: RemoteVia;
  app?: string;
  author?: string;
}

export interface HearingPatch {
  caseNumber?: string;
  category?: HearingCategory;
  court?: string;
  courtroom?: string;
  judge?: string;
  secretary?: string;
  scheduledStart?: string;
  scheduledEnd?: string;
  sessionMode?: 'open' | 'closed';
  /** null: not stated. */
  proceedingsLanguage?: 'kk' | 'ru' | null;
}

/** An entry as the hearing service commits it: the call's input, pinned to the recording by the core. */
export type NewEntry = Omit<LogEntryInput, 'kind'> & { kind: EntryKind; recording?: RecordingRef | null; author?: string };

export interface EditInput {
  entryId: number;
  text?: string;
  speakerId?: number | null;
  speaker?: string | null;
  /** A corrected kind: the caller has admitted the change (hearing/rules.ts admitKindChange). */
  kind?: EntryKind;
  reason?: string;
  author?: string;
  addendum?: boolean;
}

/** A signing round's PDF, as its first signature starts the round. */
export interface NewSigningRound {
  lang: 'kk' | 'ru';
  timeZone: string;
  pdfPath: string;
  pdfSha256: string;
  /** The HearingDetail the PDF was rendered from (JSON), for the printable copy. */
  document: string;
}

export interface SignatureRecord {
  hearingId: number;
  signedAt: string;
  capacity: SigningCapacity;
  /** The certificate's common name. */
  signer: string;
  subject: string;
  iin: string | null;
  notBefore: string;
  notAfter: string;
  issuer: string;
  serial: string;
  certSha256: string;
  lang: 'kk' | 'ru';
  pdfPath: string;
  p7sPath: string;
  pdfSha256: string;
  p7sSha256: string;
  /** The first signature starts a round; the second names the open round it completes. */
  round: { start: NewSigningRound } | { complete: number };
  /** The printable copy (only when the round completes). */
  copyPath?: string | null;
  author?: string;
  /** Signed although the check before signing listed missing items: what, and the signer's reason (kept in the audit). */
  incomplete?: { missing: Array<{ item: string; names: string[] }>; reason: string } | null;
}

export type HearingScope = 'today' | 'upcoming' | 'recent' | 'all';

export const iso = (s: string): string => new Date(s).toISOString();

/** Local midnight of the day containing `d`, and of the next day. */
export function dayBounds(d: Date): [string, string] {
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  const end = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1);
  return [start.toISOString(), end.toISOString()];
}

/** Cleans text and enforces the maximum (for callers that did not come through the contract). */
export function checkText(raw: string): string {
  const text = cleanText(raw);
  if (text.length > MAX_ENTRY_TEXT) throw new HattamaError('protocol.textTooLong', { length: text.length, max: MAX_ENTRY_TEXT });
  return text;
}

export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function pick(o: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]]));
}
