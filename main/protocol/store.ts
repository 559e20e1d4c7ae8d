import type { Entry, Exhibit, Hearing, HearingDetail, Participant, ProtocolChange, Revision, Signature } from '../../common/contract/protocol';
import type { ParticipantChange } from '../../common/contract/protocol-roster';
import type { Db } from '../db/database';
import { EntryWrites } from './entry-writes';
import { HearingWrites } from './hearing-writes';
import { ProtocolQueries } from './protocol-queries';
import { RosterWrites } from './roster-writes';
import { catchUpIndex } from './search-index';
import type { HearingRow } from './rows';
import { SignatureWrites } from './signature-writes';
import { StoreContext } from './store-context';
import type { EditInput, HearingPatch, HearingScope, NewEntry, NewHearing, NewParticipant, ParticipantUpdate, SignatureRecord, StoreOptions } from './store-types';

export type { EditInput, HearingPatch, HearingScope, NewEntry, NewHearing, NewParticipant, ParticipantUpdate, SignatureRecord, StoreOptions } from './store-types';
export { checkText, dayBounds } from './store-types';
export type { Exhibit };

/**
 * The protocol store: the one object the other domains and the CLI hold, made of its reading
 * part and one writing part per table family. Every write is one IMMEDIATE transaction that also
 * writes the audit row and the outbox row; when a method returns, the change is on disk (WAL,
 * synchronous=FULL).
 */
export class ProtocolStore {
  private readonly ctx: StoreContext;
  private readonly q: ProtocolQueries;
  private readonly hearingWrites: HearingWrites;
  private readonly roster: RosterWrites;
  private readonly entries: EntryWrites;
  private readonly signatures: SignatureWrites;

  constructor(
    readonly db: Db,
    opts: StoreOptions = {},
  ) {
    this.ctx = new StoreContext(db, opts);
    // Entries a crash left queued for the search index are written into it now (search-index.ts).
    catchUpIndex(db);
    this.q = new ProtocolQueries(this.ctx);
    this.hearingWrites = new HearingWrites(this.ctx, this.q);
    this.roster = new RosterWrites(this.ctx, this.q);
    this.entries = new EntryWrites(this.ctx, this.q);
    this.signatures = new SignatureWrites(this.ctx, this.q);
  }

  // reading
  hearing(id: number): Hearing { return this.q.hearing(id); }
  detail(id: number): HearingDetail { return this.q.detail(id); }
  hearings(opts: { scope?: HearingScope; caseNumber?: string; limit?: number } = {}): Hearing[] { return this.q.hearings(opts); }
  entry(id: number): Entry { return this.q.entry(id); }
  history(entryId: number): Revision[] { return this.q.history(entryId); }
  participant(id: number): Participant { return this.q.participant(id); }
  audit(hearingId: number) { return this.q.audit(hearingId); }
  /** The bare row, for rule checks (status, signed). */
  hearingRow(id: number): HearingRow { return this.ctx.hearingRow(id); }

  // hearings and roster
  createHearing(input: NewHearing): Hearing { return this.hearingWrites.createHearing(input); }
  /** Inside a transaction (schedule import): the insert with its audit and outbox rows. */
  insertHearing(input: NewHearing): number { return this.hearingWrites.insertHearing(input); }
  updateHearing(hearingId: number, patch: HearingPatch, author?: string): Hearing { return this.hearingWrites.updateHearing(hearingId, patch, author); }
  cancelHearing(hearingId: number, reason: string, author?: string): Hearing { return this.hearingWrites.cancelHearing(hearingId, reason, author); }
  applyHearingPatch(hearingId: number, patch: HearingPatch, author?: string): boolean { return this.hearingWrites.applyHearingPatch(hearingId, patch, author); }
  addParticipant(input: NewParticipant): Participant { return this.roster.addParticipant(input); }
  insertParticipant(input: NewParticipant): number { return this.roster.insertParticipant(input); }
  /** Name, role, note, and attendance with its way of participation (protocol.setAttendance). */
  updateParticipant(input: ParticipantUpdate): Participant { return this.roster.updateParticipant(input); }
  withdrawParticipant(input: { participantId: number; reason: string; author?: string }): Participant { return this.roster.withdrawParticipant(input); }
  participantHistory(participantId: number): ParticipantChange[] { return this.roster.history(participantId); }

  // the entry log (the hearing service decides what may be logged; the store keeps it)
  logEntry(input: NewEntry): Entry { return this.entries.logEntry(input); }
  editEntry(input: EditInput): Entry { return this.entries.editEntry(input); }
  deleteEntry(input: { entryId: number; reason?: string; author?: string; addendum?: boolean }): Entry { return this.entries.deleteEntry(input); }

  recordSignature(s: SignatureRecord): Signature { return this.signatures.recordSignature(s); }

  /** A write transaction that takes the write lock at once (no upgrade deadlock with other processes). */
  tx<T>(fn: () => T): T { return this.ctx.tx(fn); }
  emit(change: ProtocolChange): void { this.ctx.emit(change); }
}
