import { HattamaError } from '../../common/errors';
import type { ProtocolChange } from '../../common/contract/protocol';
import type { Db } from '../db/database';
import { refuseIfCancelled } from '../../common/protocol/cancelled';
import { cancelledOf, ENTRY_COLUMNS, ENTRY_FROM, HEARING_COLUMNS, SIGNATURE_SELECT, SIGNATURE_STATE_COLUMNS, type EntryRow, type ExhibitRow, type HearingRow, type ParticipantRow, type RevisionRow, type SignatureRow } from './rows';
import type { StoreOptions } from './store-types';

/** What every part of the protocol store shares: the database, its prepared statements, the clock, the write helpers. */
export class StoreContext {
  readonly now: () => Date;
  readonly stmt;

  constructor(
    readonly db: Db,
    readonly opts: StoreOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.stmt = {
      hearing: db.prepare<[number], HearingRow>(`SELECT ${HEARING_COLUMNS} FROM hearings h WHERE h.id = ?`),
      // The bare row, for checks inside write transactions (no roster/entry counts to compute).
      hearingBare: db.prepare<[number], HearingRow>(`SELECT h.*, 0 AS participant_count, 0 AS entry_count, ${SIGNATURE_STATE_COLUMNS} FROM hearings h WHERE h.id = ?`),
      participant: db.prepare<[number], ParticipantRow>('SELECT * FROM participants WHERE id = ?'),
      participants: db.prepare<[number], ParticipantRow>('SELECT * FROM participants WHERE hearing_id = ? ORDER BY position, id'),
      exhibitByNumber: db.prepare<[number, string], ExhibitRow>('SELECT * FROM exhibits WHERE hearing_id = ? AND number = ?'),
      exhibit: db.prepare<[number], ExhibitRow>('SELECT * FROM exhibits WHERE id = ?'),
      exhibits: db.prepare<[number], ExhibitRow>('SELECT * FROM exhibits WHERE hearing_id = ? ORDER BY id'),
      entry: db.prepare<[number], EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.id = ?`),
      entries: db.prepare<[number], EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.hearing_id = ? ORDER BY e.started_at, e.id`),
      // Each revision with the kind the entry had at it: its own correction, an earlier one, or the kind it was logged as.
      revisions: db.prepare<[number], RevisionRow & { kind_now: string }>(`SELECT r.*, coalesce(
          (SELECT k.kind FROM entry_revisions k WHERE k.entry_id = r.entry_id AND k.rev <= r.rev AND k.kind IS NOT NULL ORDER BY k.rev DESC LIMIT 1),
          (SELECT e.kind FROM entries e WHERE e.id = r.entry_id)) AS kind_now
        FROM entry_revisions r WHERE r.entry_id = ? ORDER BY r.rev`),
      signatures: db.prepare<[number], SignatureRow>(`${SIGNATURE_SELECT} WHERE s.hearing_id = ? ORDER BY s.id`),
      insertEntry: db.prepare(
        `INSERT INTO entries (uid, hearing_id, kind, started_at, created_at, recording_ms, recording_session, author, addendum, exhibit_id)
         VALUES (@uid, @hearing_id, @kind, @started_at, @created_at, @recording_ms, @recording_session, @author, @addendum, @exhibit_id)`,
      ),
      insertRevision: db.prepare(
        `INSERT INTO entry_revisions (entry_id, rev, text, speaker, speaker_id, deleted, reason, author, created_at, addendum, kind)
         VALUES (@entry_id, @rev, @text, @speaker, @speaker_id, @deleted, @reason, @author, @created_at, @addendum, @kind)`,
      ),
      audit: db.prepare(
        'INSERT INTO protocol_audit (at, actor, action, hearing_id, entry_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      hearingStatus: db.prepare('UPDATE hearings SET status = ?, updated_at = ? WHERE id = ?'),
    };
  }

  // ---------------------------------------------------------------- helpers

  /** A write transaction that takes the write lock at once (no upgrade deadlock with other processes). */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  emit(change: ProtocolChange): void {
    this.opts.onChange?.(change);
  }

  hearingRow(id: number): HearingRow {
    const row = this.stmt.hearingBare.get(id);
    if (!row) throw new HattamaError('protocol.hearingNotFound', { id });
    return row;
  }

  /** A hearing whose roster and header may change: not cancelled, not signed. */
  unlockedHearing(id: number): HearingRow {
    const h = this.hearingRow(id);
    refuseIfCancelled({ id: h.id, caseNumber: h.case_number, cancelled: cancelledOf(h) });
    if (frozen(h)) throw new HattamaError('protocol.locked', { id });
    return h;
  }

  /** Once signed (from the first of its signatures on), a change must say it is an addendum; before, nothing is one. */
  addendumFlag(h: HearingRow, requested: boolean | undefined): 0 | 1 {
    refuseIfCancelled({ id: h.id, caseNumber: h.case_number, cancelled: cancelledOf(h) });
    if (!frozen(h)) return 0;
    if (!requested) throw new HattamaError('protocol.locked', { id: h.id });
    return 1;
  }

  resolveSpeaker(hearingId: number, speakerId: number | undefined, speaker: string | undefined): { id: number | null; name: string | null } {
    if (speakerId !== undefined) {
      const p = this.stmt.participant.get(speakerId);
      if (!p || p.hearing_id !== hearingId) throw new HattamaError('protocol.participantNotFound', { id: speakerId });
      if (p.withdrawn_at) throw new HattamaError('protocol.participantWithdrawn', { name: p.name });
      return { id: p.id, name: p.name };
    }
    const name = speaker?.trim();
    if (!name) return { id: null, name: null };
    // A typed name that is on the roster (not withdrawn) is linked to that participant.
    const match = this.stmt.participants.all(hearingId).find((p) => !p.withdrawn_at && p.name.toLocaleLowerCase() === name.toLocaleLowerCase());
    return match ? { id: match.id, name: match.name } : { id: null, name };
  }

  auditRow(actor: string | undefined, action: string, hearingId: number | null, entryId: number | null, detail: unknown): void {
    this.stmt.audit.run(this.now().toISOString(), actor || 'station', action, hearingId, entryId, JSON.stringify(detail));
  }
}

/** The content is frozen from the first signature on (the second signer signs the same PDF). */
const frozen = (h: HearingRow): boolean => h.signed_at !== null || h.signature_count > 0;
