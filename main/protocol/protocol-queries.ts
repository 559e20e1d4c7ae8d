import { HattamaError } from '../../common/errors';
import type { Entry, Hearing, HearingDetail, Participant, Revision } from '../../common/contract/protocol';
import { HEARING_COLUMNS, toEntry, toExhibit, toHearing, toParticipant, toRevision, toSignature, type HearingRow } from './rows';
import type { StoreContext } from './store-context';
import { dayBounds, likeEscape, type HearingScope } from './store-types';

/** Reading the protocol: hearings, their roster, entries, history, audit. */
export class ProtocolQueries {
  constructor(private readonly ctx: StoreContext) {}

  hearing(id: number): Hearing {
    const row = this.ctx.stmt.hearing.get(id);
    if (!row) throw new HattamaError('protocol.hearingNotFound', { id });
    return toHearing(row);
  }

  detail(id: number): HearingDetail {
    const hearing = this.hearing(id);
    return {
      hearing,
      participants: this.ctx.stmt.participants.all(id).map(toParticipant),
      entries: this.ctx.stmt.entries.all(id).map(toEntry),
      exhibits: this.ctx.stmt.exhibits.all(id).map(toExhibit),
      signatures: this.ctx.stmt.signatures.all(id).map(toSignature),
    };
  }

  hearings(opts: { scope?: HearingScope; caseNumber?: string; limit?: number } = {}): Hearing[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const now = this.ctx.now();
    const [todayStart, todayEnd] = dayBounds(now);
    switch (opts.scope ?? 'upcoming') {
      case 'today':
        where.push('((h.scheduled_start >= ? AND h.scheduled_start < ?) OR (h.actual_start >= ? AND h.actual_start < ?))');
        params.push(todayStart, todayEnd, todayStart, todayEnd);
        break;
      case 'upcoming':
        where.push("(h.status IN ('in_progress', 'recess', 'deliberation') OR (h.status = 'scheduled' AND (h.scheduled_start IS NULL OR h.scheduled_start >= ?)))");
        params.push(todayStart);
        break;
      case 'recent': {
        const since = new Date(now.getTime() - 30 * 86_400_000).toISOString();
        where.push('(coalesce(h.actual_start, h.scheduled_start, h.created_at) >= ?)');
        params.push(since);
        break;
      }
      case 'all':
        break;
    }
    if (opts.caseNumber?.trim()) {
      where.push("h.case_number LIKE ? ESCAPE '\\'");
      params.push(`%${likeEscape(opts.caseNumber.trim())}%`);
    }
    const order = opts.scope === 'upcoming' || opts.scope === 'today' || opts.scope === undefined
      ? 'coalesce(h.scheduled_start, h.actual_start, h.created_at) ASC, h.id'
      : 'coalesce(h.actual_start, h.scheduled_start, h.created_at) DESC, h.id DESC';
    const sql = `SELECT ${HEARING_COLUMNS} FROM hearings h ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`;
    params.push(opts.limit ?? 200);
    return this.ctx.db.prepare<unknown[], HearingRow>(sql).all(...params).map(toHearing);
  }

  entry(id: number): Entry {
    const row = this.ctx.stmt.entry.get(id);
    if (!row) throw new HattamaError('protocol.entryNotFound', { id });
    return toEntry(row);
  }

  history(entryId: number): Revision[] {
    this.entry(entryId);
    return this.ctx.stmt.revisions.all(entryId).map(toRevision);
  }

  participant(id: number): Participant {
    const row = this.ctx.stmt.participant.get(id);
    if (!row) throw new HattamaError('protocol.participantNotFound', { id });
    return toParticipant(row);
  }

  audit(hearingId: number) {
    this.ctx.hearingRow(hearingId);
    return this.ctx.db
      .prepare<[number], { id: number; at: string; actor: string; action: string; hearing_id: number | null; entry_id: number | null; detail: string }>(
        'SELECT * FROM protocol_audit WHERE hearing_id = ? ORDER BY id',
      )
      .all(hearingId)
      .map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, hearingId: r.hearing_id, entryId: r.entry_id, detail: r.detail }));
  }
}
