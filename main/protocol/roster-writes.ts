import type { Participant } from '../../common/contract/protocol';
import type { ParticipantChange } from '../../common/contract/protocol-roster';
import { HattamaError } from '../../common/errors';
import { storedWay, WAY_ERRORS, wayMisplaced, type WayOfParticipation } from '../../common/protocol/attendance';
import { enqueue } from '../sync/outbox';
import type { ProtocolQueries } from './protocol-queries';
import type { StoreContext } from './store-context';
import { pick, type NewParticipant, type ParticipantUpdate } from './store-types';
import { participantAdded, participantUpdated } from './sync-payloads';

/** The contract refuses a program named with another attendance; the store refuses it for the core's own callers too. */
function checkWay(v: WayOfParticipation): void {
  const bad = wayMisplaced(v)[0];
  if (bad) throw new HattamaError(`protocol.${WAY_ERRORS[bad]}`, {});
}

/** The participants columns of the way of participation, as the audit and the history name them. */
const WAY_FIELDS: Record<string, string> = { remote_via: 'via', remote_app: 'app' };

/** The roster: adding participants, changing them, their attendance, withdrawing a line entered by mistake. */
export class RosterWrites {
  constructor(
    private readonly ctx: StoreContext,
    private readonly q: ProtocolQueries,
  ) {}

  addParticipant(input: NewParticipant): Participant {
    const id = this.ctx.tx(() => this.insertParticipant(input));
    const participant = this.q.participant(id);
    this.ctx.emit({ hearingId: input.hearingId, change: 'participant', participant });
    return participant;
  }

  insertParticipant(input: NewParticipant): number {
    checkWay(input);
    const h = this.ctx.unlockedHearing(input.hearingId);
    const way = storedWay(input);
    const at = this.ctx.now().toISOString();
    const position = (this.ctx.db.prepare<[number], { p: number | null }>('SELECT max(position) AS p FROM participants WHERE hearing_id = ?').get(input.hearingId)?.p ?? 0) + 1;
    const row = {
      hearing_id: input.hearingId,
      name: input.name,
      role: input.role,
      attendance: input.attendance ?? 'unknown',
      remote_via: way.via,
      remote_app: way.app,
      note: input.note ?? '',
      position,
      created_at: at,
      updated_at: at,
    };
    const r = this.ctx.db
      .prepare(
        `INSERT INTO participants (hearing_id, name, role, attendance, remote_via, remote_app, note, position, created_at, updated_at)
         VALUES (@hearing_id, @name, @role, @attendance, @remote_via, @remote_app, @note, @position, @created_at, @updated_at)`,
      )
      .run(row);
    const id = Number(r.lastInsertRowid);
    const { remote_via: via, remote_app: app, ...rest } = row;
    this.ctx.auditRow(input.author, 'participant.add', input.hearingId, null, { id, ...rest, ...(via ? { via, app } : {}) });
    enqueue(this.ctx.db, 'protocol.participant', String(input.hearingId), participantAdded(id, h.uid, row));
    return id;
  }

  updateParticipant(input: ParticipantUpdate): Participant {
    const p = this.q.participant(input.participantId);
    // A way of participation comes with the attendance it belongs to (protocol.setAttendance sends both).
    checkWay({ attendance: input.attendance ?? p.attendance, via: input.via, app: input.app });
    this.ctx.tx(() => {
      const h = this.ctx.unlockedHearing(p.hearingId);
      const set: Record<string, string | null> = {};
      if (input.name !== undefined && input.name !== p.name) set.name = input.name;
      if (input.role !== undefined && input.role !== p.role) set.role = input.role;
      if (input.note !== undefined && input.note !== p.note) set.note = input.note;
      if (input.attendance !== undefined) {
        // Attendance is set with its whole way: marked present, a remote line's program goes too.
        const way = storedWay({ attendance: input.attendance, via: input.via, app: input.app });
        if (input.attendance !== p.attendance) set.attendance = input.attendance;
        if (way.via !== p.via) set.remote_via = way.via;
        if (way.app !== p.app) set.remote_app = way.app;
      }
      if (Object.keys(set).length === 0) return;
      // A withdrawn line stays as it was withdrawn (the trigger participants_stay_withdrawn holds it too).
      if (p.withdrawnAt) throw new HattamaError('protocol.participantWithdrawn', { name: p.name });
      const at = this.ctx.now().toISOString();
      this.ctx.db
        .prepare(`UPDATE participants SET ${Object.keys(set).map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`)
        .run({ ...set, at, id: p.id });
      const attendanceOnly = Object.keys(set).every((k) => k === 'attendance' || k in WAY_FIELDS);
      const action = attendanceOnly ? 'participant.attendance' : 'participant.update';
      // The history names the way by the participant's fields (via, app), not by the columns.
      const after = Object.fromEntries(Object.entries(set).map(([k, v]) => [WAY_FIELDS[k] ?? k, v]));
      this.ctx.auditRow(input.author, action, p.hearingId, null, { id: p.id, before: pick(p, Object.keys(after)), after });
      enqueue(this.ctx.db, 'protocol.participant', String(p.hearingId), participantUpdated(p.id, h.uid, set, at));
    });
    const participant = this.q.participant(p.id);
    this.ctx.emit({ hearingId: p.hearingId, change: 'participant', participant });
    return participant;
  }

  /**
   * Withdraws a line entered by mistake, with a reason: never deleted, final, refused once signed.
   * It stays on the roster (struck through), is no speaker any more, and the protocol leaves it out.
   */
  withdrawParticipant(input: { participantId: number; reason: string; author?: string }): Participant {
    const p = this.q.participant(input.participantId);
    const reason = input.reason.trim();
    if (!reason) throw new HattamaError('protocol.withdrawReasonRequired', { name: p.name });
    this.ctx.tx(() => {
      const h = this.ctx.unlockedHearing(p.hearingId);
      if (p.withdrawnAt) throw new HattamaError('protocol.participantWithdrawn', { name: p.name });
      const at = this.ctx.now().toISOString();
      this.ctx.db.prepare('UPDATE participants SET withdrawn_at = ?, withdraw_reason = ?, updated_at = ? WHERE id = ?').run(at, reason, at, p.id);
      this.ctx.auditRow(input.author, 'participant.withdraw', p.hearingId, null, { id: p.id, before: { name: p.name, role: p.role }, after: { reason } });
      enqueue(this.ctx.db, 'protocol.participant', String(p.hearingId), participantUpdated(p.id, h.uid, { withdrawn_at: at, withdraw_reason: reason }, at));
    });
    const participant = this.q.participant(p.id);
    this.ctx.emit({ hearingId: p.hearingId, change: 'participant', participant });
    return participant;
  }

  /** A line's changes, oldest first, from the audit rows every change writes with what it was and became. */
  history(participantId: number): ParticipantChange[] {
    const p = this.q.participant(participantId);
    const rows = this.ctx.db
      .prepare<[number, number], { at: string; actor: string; action: string; detail: string }>(
        `SELECT at, actor, action, detail FROM protocol_audit
         WHERE hearing_id = ? AND action LIKE 'participant.%' AND json_extract(detail, '$.id') = ? ORDER BY id`,
      )
      .all(p.hearingId, p.id);
    const fields = (o: unknown, keys: string[]) => (o && typeof o === 'object' ? pick(o, keys.filter((k) => k in o)) : {});
    return rows.map((r) => {
      const d = JSON.parse(r.detail) as { before?: unknown; after?: unknown };
      const added = r.action === 'participant.add';
      return {
        at: r.at,
        actor: r.actor,
        action: r.action,
        before: added ? {} : fields(d.before, ['name', 'role', 'attendance', 'via', 'app', 'note']),
        after: fields(added ? d : d.after, ['name', 'role', 'attendance', 'via', 'app', 'note', 'reason']),
      } as ParticipantChange;
    });
  }
}
