import { randomUUID } from 'node:crypto';
import type { Entry } from '../../common/contract/protocol';
import { HattamaError } from '../../common/errors';
import { EXHIBIT_STATUS_OF, KIND_INFO, type EntryKind } from '../../common/protocol/kinds';
import { joinCallAudit } from '../audit/call-audit';
import { enqueue } from '../sync/outbox';
import { indexSoon } from './search-index';
import { toExhibit, type HearingRow } from './rows';
import type { ProtocolQueries } from './protocol-queries';
import type { StoreContext } from './store-context';
import { checkText, iso, type EditInput, type NewEntry } from './store-types';
import { entryAdded, entryRevised, exhibitAdded, exhibitStatusChanged } from './sync-payloads';

/** The append-only entry log: new entries with their first revision, exhibits, edits and deletions as revisions. */
export class EntryWrites {
  constructor(
    private readonly ctx: StoreContext,
    private readonly q: ProtocolQueries,
  ) {}

  /** Commits one entry with its first revision. Durable when it returns. */
  logEntry(input: NewEntry): Entry {
    let joined = null as (() => void) | null;
    const { entryId, exhibitId } = this.ctx.tx(() => {
      const ids = this.insertEntry(input);
      // The call's access-audit row commits with the entry: one durable commit per entry.
      joined = joinCallAudit(this.ctx.db, input.hearingId);
      return ids;
    });
    joined?.();
    // The search index follows off this call (search-index.ts); the entry is durable already.
    indexSoon(this.ctx.db);
    const entry = this.q.entry(entryId);
    // The hearing rides along only when this entry changed it (status, start, end).
    const touchesHearing = KIND_INFO[input.kind].status !== undefined;
    this.ctx.emit({ hearingId: input.hearingId, change: 'entry', entry, ...(touchesHearing ? { hearing: this.q.hearing(input.hearingId) } : {}) });
    if (exhibitId !== null) this.ctx.emit({ hearingId: input.hearingId, change: 'exhibit', exhibit: toExhibit(this.ctx.stmt.exhibit.get(exhibitId)!) });
    return entry;
  }

  private insertEntry(input: NewEntry): { entryId: number; exhibitId: number | null } {
    const h = this.ctx.hearingRow(input.hearingId);
    const addendum = this.ctx.addendumFlag(h, input.addendum);
    const info = KIND_INFO[input.kind];
    const text = checkText(input.text ?? '');
    const speaker = this.ctx.resolveSpeaker(input.hearingId, input.speakerId, input.speaker);
    if (info.speaker === 'required' && !speaker.name) throw new HattamaError('protocol.speakerRequired', { kind: input.kind });
    if (info.textRequired && !text.trim()) throw new HattamaError('protocol.emptyText');
    const at = this.ctx.now().toISOString();
    const author = input.author || h.secretary || 'station';

    let exhibitId: number | null = null;
    if (info.exhibit) {
      if (!input.exhibit?.number) throw new HattamaError('protocol.exhibitRequired', { kind: input.kind });
      exhibitId = this.touchExhibit(h, input.kind, input.exhibit, speaker.name, author, at);
    }

    const row = {
      uid: randomUUID(),
      hearing_id: input.hearingId,
      kind: input.kind,
      started_at: input.startedAt ? iso(input.startedAt) : at,
      created_at: at,
      recording_ms: input.recording ? input.recording.positionMs : null,
      recording_session: input.recording?.sessionId ?? null,
      author,
      addendum,
      exhibit_id: exhibitId,
    };
    const entryId = Number(this.ctx.stmt.insertEntry.run(row).lastInsertRowid);
    const rev = { entry_id: entryId, rev: 1, text, speaker: speaker.name, speaker_id: speaker.id, deleted: 0, reason: '', author, created_at: at, addendum, kind: null };
    this.ctx.stmt.insertRevision.run(rev);

    if (info.status && info.status !== h.status) this.ctx.stmt.hearingStatus.run(info.status, at, h.id);
    if (input.kind === 'opened' && !h.actual_start) {
      this.ctx.db.prepare('UPDATE hearings SET actual_start = ?, updated_at = ? WHERE id = ?').run(row.started_at, at, h.id);
    }
    if (input.kind === 'closed') this.ctx.db.prepare('UPDATE hearings SET actual_end = ?, updated_at = ? WHERE id = ?').run(row.started_at, at, h.id);

    this.ctx.auditRow(author, 'entry.add', h.id, entryId, { kind: input.kind, addendum });
    enqueue(this.ctx.db, 'protocol.entry', String(h.id), entryAdded(entryId, h.uid, row, rev, input.exhibit, info.status ?? h.status));
    return { entryId, exhibitId };
  }

  private touchExhibit(h: HearingRow, kind: EntryKind, ref: { number: string; description?: string }, speaker: string | null, author: string, at: string): number {
    const status = EXHIBIT_STATUS_OF[kind]!;
    const existing = this.ctx.stmt.exhibitByNumber.get(h.id, ref.number);
    if (kind === 'exhibit_offered') {
      if (existing) throw new HattamaError('protocol.exhibitExists', { number: ref.number });
      const row = { hearing_id: h.id, number: ref.number, description: ref.description ?? '', status, offered_by: speaker, created_at: at, updated_at: at };
      const id = Number(
        this.ctx.db
          .prepare(
            `INSERT INTO exhibits (hearing_id, number, description, status, offered_by, created_at, updated_at)
             VALUES (@hearing_id, @number, @description, @status, @offered_by, @created_at, @updated_at)`,
          )
          .run(row).lastInsertRowid,
      );
      this.ctx.auditRow(author, 'exhibit.offer', h.id, null, { id, ...row });
      enqueue(this.ctx.db, 'protocol.exhibit', String(h.id), exhibitAdded(id, h.uid, row));
      return id;
    }
    if (!existing) throw new HattamaError('protocol.exhibitNotFound', { number: ref.number });
    const description = ref.description && !existing.description ? ref.description : existing.description;
    this.ctx.db.prepare('UPDATE exhibits SET status = ?, description = ?, updated_at = ? WHERE id = ?').run(status, description, at, existing.id);
    this.ctx.auditRow(author, `exhibit.${status}`, h.id, null, { id: existing.id, before: existing.status, after: status });
    enqueue(this.ctx.db, 'protocol.exhibit', String(h.id), exhibitStatusChanged(existing.id, h.uid, status, description, at));
    return existing.id;
  }

  /** A new revision with new text, speaker and/or kind. Editing a deleted entry restores it. */
  editEntry(input: EditInput): Entry {
    return this.revise(input, false);
  }

  /** A revision that marks the entry deleted; its text stays in the history. */
  deleteEntry(input: { entryId: number; reason?: string; author?: string; addendum?: boolean }): Entry {
    return this.revise(input, true);
  }

  private revise(input: EditInput, del: boolean): Entry {
    const current = this.q.entry(input.entryId);
    let joined = null as (() => void) | null;
    const changed = this.ctx.tx(() => {
      const h = this.ctx.hearingRow(current.hearingId);
      const addendum = this.ctx.addendumFlag(h, input.addendum);
      if (del && current.deleted) throw new HattamaError('protocol.alreadyDeleted', { id: current.id });
      // A corrected kind (the hearing's rules admitted it: hearing/rules.ts) is held to its own requirements.
      const kind = del || input.kind === undefined ? current.kind : input.kind;
      const info = KIND_INFO[kind];
      const text = input.text === undefined ? current.text : checkText(input.text);
      let speaker = { id: current.speakerId, name: current.speaker };
      if (input.speakerId !== undefined || input.speaker !== undefined) {
        speaker = input.speakerId === null && (input.speaker === null || input.speaker === undefined)
          ? { id: null, name: null }
          : this.ctx.resolveSpeaker(h.id, input.speakerId ?? undefined, input.speaker ?? undefined);
      }
      if (!del) {
        if (info.speaker === 'required' && !speaker.name) throw new HattamaError('protocol.speakerRequired', { kind });
        if (info.textRequired && !text.trim()) throw new HattamaError('protocol.emptyText');
        const same = text === current.text && speaker.name === current.speaker && speaker.id === current.speakerId && kind === current.kind && !current.deleted;
        if (same) return false;
      }
      const at = this.ctx.now().toISOString();
      const author = input.author || h.secretary || 'station';
      const rev = {
        entry_id: current.id,
        rev: current.revision + 1,
        text,
        speaker: speaker.name,
        speaker_id: speaker.id,
        deleted: del ? 1 : 0,
        reason: input.reason ?? '',
        author,
        created_at: at,
        addendum,
        kind: kind === current.kind ? null : kind,
      };
      this.ctx.stmt.insertRevision.run(rev);
      const action = del ? 'entry.delete' : current.deleted ? 'entry.restore' : 'entry.edit';
      const kindChange = rev.kind ? { kind: { before: current.kind, after: rev.kind } } : {};
      this.ctx.auditRow(author, action, h.id, current.id, { rev: rev.rev, reason: rev.reason, addendum, ...kindChange });
      enqueue(this.ctx.db, 'protocol.revision', String(h.id), entryRevised(action, h.uid, current.uid, rev));
      joined = joinCallAudit(this.ctx.db, h.id);
      return true;
    });
    joined?.();
    if (changed) indexSoon(this.ctx.db);
    const entry = this.q.entry(current.id);
    if (changed) this.ctx.emit({ hearingId: current.hearingId, change: 'entry', entry });
    return entry;
  }
}
