import type { Participant } from '../../common/contract/protocol';
import type { Attendance, ParticipantRole } from '../../common/protocol/kinds';
import { enqueue } from '../sync/outbox';
import type { ProtocolQueries } from './protocol-queries';
import type { StoreContext } from './store-context';
import { pick } from './store-types';
import { participantAdded, participantUpdated } from './sync-payloads';

/** The roster: adding participants, changing them, their attendance. */
export class RosterWrites {
  constructor(
    private readonly ctx: StoreContext,
    private readonly q: ProtocolQueries,
  ) {}

  addParticipant(input: { hearingId: number; name: string; role: ParticipantRole; attendance?: Attendance; note?: string; author?: string }): Participant {
    const id = this.ctx.tx(() => this.insertParticipant(input));
    const participant = this.q.participant(id);
    this.ctx.emit({ hearingId: input.hearingId, change: 'participant', participant });
    return participant;
  }

  insertParticipant(input: { hearingId: number; name: string; role: ParticipantRole; attendance?: Attendance; note?: string; author?: string }): number {
    const h = this.ctx.unlockedHearing(input.hearingId);
    const at = this.ctx.now().toISOString();
    const position = (this.ctx.db.prepare<[number], { p: number | null }>('SELECT max(position) AS p FROM participants WHERE hearing_id = ?').get(input.hearingId)?.p ?? 0) + 1;
    const row = {
      hearing_id: input.hearingId,
      name: input.name,
      role: input.role,
      attendance: input.attendance ?? 'unknown',
      note: input.note ?? '',
      position,
      created_at: at,
      updated_at: at,
    };
    const r = this.ctx.db
      .prepare(
        `INSERT INTO participants (hearing_id, name, role, attendance, note, position, created_at, updated_at)
         VALUES (@hearing_id, @name, @role, @attendance, @note, @position, @created_at, @updated_at)`,
      )
      .run(row);
    const id = Number(r.lastInsertRowid);
    this.ctx.auditRow(input.author, 'participant.add', input.hearingId, null, { id, ...row });
    enqueue(this.ctx.db, 'protocol.participant', String(input.hearingId), participantAdded(id, h.uid, row));
    return id;
  }

  updateParticipant(input: { participantId: number; name?: string; role?: ParticipantRole; note?: string; attendance?: Attendance; author?: string }): Participant {
    const p = this.q.participant(input.participantId);
    this.ctx.tx(() => {
      const h = this.ctx.unlockedHearing(p.hearingId);
      const set: Record<string, string> = {};
      if (input.name !== undefined && input.name !== p.name) set.name = input.name;
      if (input.role !== undefined && input.role !== p.role) set.role = input.role;
      if (input.note !== undefined && input.note !== p.note) set.note = input.note;
      if (input.attendance !== undefined && input.attendance !== p.attendance) set.attendance = input.attendance;
      if (Object.keys(set).length === 0) return;
      const at = this.ctx.now().toISOString();
      this.ctx.db
        .prepare(`UPDATE participants SET ${Object.keys(set).map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`)
        .run({ ...set, at, id: p.id });
      const action = Object.keys(set).length === 1 && set.attendance ? 'participant.attendance' : 'participant.update';
      this.ctx.auditRow(input.author, action, p.hearingId, null, { id: p.id, before: pick(p, Object.keys(set)), after: set });
      enqueue(this.ctx.db, 'protocol.participant', String(p.hearingId), participantUpdated(p.id, h.uid, set, at));
    });
    const participant = this.q.participant(p.id);
    this.ctx.emit({ hearingId: p.hearingId, change: 'participant', participant });
    return participant;
  }
}
