import { randomUUID } from 'node:crypto';
import type { Hearing } from '../../common/contract/protocol';
import { HattamaError } from '../../common/errors';
import { enqueue } from '../sync/outbox';
import type { ProtocolQueries } from './protocol-queries';
import type { StoreContext } from './store-context';
import type { HearingPatch, NewHearing } from './store-types';
import { iso } from './store-types';
import { hearingCreated, hearingUpdated } from './sync-payloads';

/** Creating and changing hearings (the header); each write audited and in the outbox, in one transaction. */
export class HearingWrites {
  constructor(
    private readonly ctx: StoreContext,
    private readonly q: ProtocolQueries,
  ) {}

  createHearing(input: NewHearing): Hearing {
    const id = this.ctx.tx(() => this.insertHearing(input));
    const hearing = this.q.hearing(id);
    this.ctx.emit({ hearingId: id, change: 'hearing', hearing });
    return hearing;
  }

  /** Inside a transaction: the insert, its audit and outbox rows. */
  insertHearing(input: NewHearing): number {
    const at = this.ctx.now().toISOString();
    const defaults = this.ctx.opts.defaults?.() ?? { court: '', courtroom: '' };
    const row = {
      uid: randomUUID(),
      case_number: input.caseNumber,
      category: input.category ?? 'other',
      court: input.court || defaults.court,
      courtroom: input.courtroom || defaults.courtroom,
      judge: input.judge ?? '',
      secretary: input.secretary ?? '',
      scheduled_start: input.scheduledStart ? iso(input.scheduledStart) : null,
      scheduled_end: input.scheduledEnd ? iso(input.scheduledEnd) : null,
      source: input.source ?? 'adhoc',
      external_id: input.externalId ?? null,
      created_at: at,
      updated_at: at,
    };
    const r = this.ctx.db
      .prepare(
        `INSERT INTO hearings (uid, case_number, category, court, courtroom, judge, secretary, scheduled_start, scheduled_end, source, external_id, created_at, updated_at)
         VALUES (@uid, @case_number, @category, @court, @courtroom, @judge, @secretary, @scheduled_start, @scheduled_end, @source, @external_id, @created_at, @updated_at)`,
      )
      .run(row);
    const id = Number(r.lastInsertRowid);
    this.ctx.auditRow(input.author, 'hearing.create', id, null, row);
    enqueue(this.ctx.db, 'protocol.hearing', String(id), hearingCreated(id, row));
    return id;
  }

  updateHearing(hearingId: number, patch: HearingPatch, author?: string): Hearing {
    this.ctx.tx(() => this.applyHearingPatch(hearingId, patch, author));
    const hearing = this.q.hearing(hearingId);
    this.ctx.emit({ hearingId, change: 'hearing', hearing });
    return hearing;
  }

  /** Inside a transaction. Refused once signed (the header is part of what was signed) or cancelled. */
  applyHearingPatch(hearingId: number, patch: HearingPatch, author?: string): boolean {
    const h = this.ctx.unlockedHearing(hearingId);
    const set: Record<string, string | null> = {};
    for (const [k, col] of Object.entries(PATCH_COLUMNS)) {
      const v = (patch as Record<string, string | null | undefined>)[k];
      if (v === undefined) continue;
      const value = v !== null && k.startsWith('scheduled') ? iso(v) : v;
      if ((h as unknown as Record<string, unknown>)[col] !== value) set[col] = value;
    }
    if (Object.keys(set).length === 0) return false;
    this.write(h.id, h.uid, set, 'hearing.update', author);
    return true;
  }

  /**
   * Cancels the hearing with a reason: kept, never deleted, final. Refused from its first
   * signature on (the database's triggers refuse it too). The hearing service stops its recording.
   */
  cancelHearing(hearingId: number, reason: string, author?: string): Hearing {
    this.ctx.tx(() => {
      const h = this.ctx.hearingRow(hearingId);
      const p = { id: h.id, caseNumber: h.case_number };
      if (h.cancelled_at !== null) throw new HattamaError('hearing.cancelled', { ...p, reason: h.cancel_reason ?? '' });
      if (h.signed_at !== null || h.signature_count > 0) throw new HattamaError('hearing.cancelSigned', p);
      const why = reason.trim();
      if (!why) throw new HattamaError('hearing.cancelReasonRequired', p);
      const at = this.ctx.now().toISOString();
      this.write(h.id, h.uid, { cancelled_at: at, cancelled_by: author || 'station', cancel_reason: why }, 'hearing.cancel', author, at);
    });
    const hearing = this.q.hearing(hearingId);
    this.ctx.emit({ hearingId, change: 'hearing', hearing });
    return hearing;
  }

  /** The update with its audit and outbox rows (central applies the same columns). */
  private write(id: number, uid: string, set: Record<string, string | null>, action: string, author?: string, at = this.ctx.now().toISOString()): void {
    this.ctx.db
      .prepare(`UPDATE hearings SET ${Object.keys(set).map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`)
      .run({ ...set, at, id });
    this.ctx.auditRow(author, action, id, null, set);
    enqueue(this.ctx.db, 'protocol.hearing', String(id), hearingUpdated(id, uid, set, at));
  }
}

/** The header fields a patch may set, and their columns. */
const PATCH_COLUMNS: Readonly<Record<keyof HearingPatch, string>> = {
  caseNumber: 'case_number',
  category: 'category',
  court: 'court',
  courtroom: 'courtroom',
  judge: 'judge',
  secretary: 'secretary',
  scheduledStart: 'scheduled_start',
  scheduledEnd: 'scheduled_end',
  sessionMode: 'session_mode',
  proceedingsLanguage: 'proceedings_language',
};
