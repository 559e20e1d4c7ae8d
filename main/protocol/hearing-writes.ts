import { randomUUID } from 'node:crypto';
import type { Hearing } from '../../common/contract/protocol';
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

  /** Inside a transaction. Refused once signed: the header is part of what was signed. */
  applyHearingPatch(hearingId: number, patch: HearingPatch, author?: string): boolean {
    const h = this.ctx.unlockedHearing(hearingId);
    const cols: Record<string, string> = {
      caseNumber: 'case_number',
      category: 'category',
      court: 'court',
      courtroom: 'courtroom',
      judge: 'judge',
      secretary: 'secretary',
      scheduledStart: 'scheduled_start',
      scheduledEnd: 'scheduled_end',
    };
    const set: Record<string, string> = {};
    for (const [k, col] of Object.entries(cols)) {
      const v = (patch as Record<string, string | undefined>)[k];
      if (v === undefined) continue;
      const value = k.startsWith('scheduled') ? iso(v) : v;
      if ((h as unknown as Record<string, unknown>)[col] !== value) set[col] = value;
    }
    if (Object.keys(set).length === 0) return false;
    const at = this.ctx.now().toISOString();
    this.ctx.db
      .prepare(`UPDATE hearings SET ${Object.keys(set).map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`)
      .run({ ...set, at, id: hearingId });
    this.ctx.auditRow(author, 'hearing.update', hearingId, null, set);
    enqueue(this.ctx.db, 'protocol.hearing', String(hearingId), hearingUpdated(hearingId, h.uid, set, at));
    return true;
  }
}
