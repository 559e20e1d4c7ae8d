import { randomUUID } from 'node:crypto';
import type { Entry, Exhibit, Hearing, HearingDetail, LogEntryInput, Participant, ProtocolChange, Revision, Signature } from '../../common/contract/protocol';
import { HattamaError } from '../../common/errors';
import { EXHIBIT_STATUS_OF, KIND_INFO, type Attendance, type EntryKind, type HearingCategory, type ParticipantRole } from '../../common/protocol/kinds';
import { cleanText, MAX_ENTRY_TEXT, type RecordingRef } from '../../common/protocol/text';
import type { Db } from '../db/database';
import { enqueue } from '../sync/outbox';
import {
  ENTRY_COLUMNS,
  ENTRY_FROM,
  HEARING_COLUMNS,
  toEntry,
  toExhibit,
  toHearing,
  toParticipant,
  toRevision,
  toSignature,
  type EntryRow,
  type ExhibitRow,
  type HearingRow,
  type ParticipantRow,
  type RevisionRow,
  type SignatureRow,
} from './rows';
import { entryAdded, entryRevised, exhibitAdded, exhibitStatusChanged, hearingCreated, hearingUpdated, participantAdded, participantUpdated, protocolSigned } from './sync-payloads';

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

export interface HearingPatch {
  caseNumber?: string;
  category?: HearingCategory;
  court?: string;
  courtroom?: string;
  judge?: string;
  secretary?: string;
  scheduledStart?: string;
  scheduledEnd?: string;
}

/** An entry as the hearing service commits it: the call's input, pinned to the recording by the core. */
export type NewEntry = Omit<LogEntryInput, 'kind'> & { kind: EntryKind; recording?: RecordingRef | null };

export interface EditInput {
  entryId: number;
  text?: string;
  speakerId?: number | null;
  speaker?: string | null;
  reason?: string;
  author?: string;
  addendum?: boolean;
}

export interface SignatureRecord {
  hearingId: number;
  signedAt: string;
  signer: string;
  issuer: string;
  serial: string;
  certSha256: string;
  lang: 'kk' | 'ru';
  pdfPath: string;
  p7sPath: string;
  pdfSha256: string;
  p7sSha256: string;
  author?: string;
}

export type HearingScope = 'today' | 'upcoming' | 'recent' | 'all';

const iso = (s: string): string => new Date(s).toISOString();

/** Local midnight of the day containing `d`, and of the next day. */
export function dayBounds(d: Date): [string, string] {
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  const end = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1);
  return [start.toISOString(), end.toISOString()];
}

/**
 * The protocol store. Every write is one IMMEDIATE transaction that also writes the audit row
 * and the outbox row; when a method returns, the change is on disk (WAL, synchronous=FULL).
 */
export class ProtocolStore {
  private readonly now: () => Date;
  private readonly stmt;

  constructor(
    readonly db: Db,
    private readonly opts: StoreOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.stmt = {
      hearing: db.prepare<[number], HearingRow>(`SELECT ${HEARING_COLUMNS} FROM hearings h WHERE h.id = ?`),
      // The bare row, for checks inside write transactions (no roster/entry counts to compute).
      hearingBare: db.prepare<[number], HearingRow>('SELECT h.*, 0 AS participant_count, 0 AS entry_count FROM hearings h WHERE h.id = ?'),
      participant: db.prepare<[number], ParticipantRow>('SELECT * FROM participants WHERE id = ?'),
      participants: db.prepare<[number], ParticipantRow>('SELECT * FROM participants WHERE hearing_id = ? ORDER BY position, id'),
      exhibitByNumber: db.prepare<[number, string], ExhibitRow>('SELECT * FROM exhibits WHERE hearing_id = ? AND number = ?'),
      exhibit: db.prepare<[number], ExhibitRow>('SELECT * FROM exhibits WHERE id = ?'),
      exhibits: db.prepare<[number], ExhibitRow>('SELECT * FROM exhibits WHERE hearing_id = ? ORDER BY id'),
      entry: db.prepare<[number], EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.id = ?`),
      entries: db.prepare<[number], EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.hearing_id = ? ORDER BY e.started_at, e.id`),
      revisions: db.prepare<[number], RevisionRow>('SELECT * FROM entry_revisions WHERE entry_id = ? ORDER BY rev'),
      signatures: db.prepare<[number], SignatureRow>('SELECT * FROM protocol_signatures WHERE hearing_id = ? ORDER BY id'),
      insertEntry: db.prepare(
        `INSERT INTO entries (uid, hearing_id, kind, started_at, created_at, recording_ms, recording_session, author, addendum, exhibit_id)
         VALUES (@uid, @hearing_id, @kind, @started_at, @created_at, @recording_ms, @recording_session, @author, @addendum, @exhibit_id)`,
      ),
      insertRevision: db.prepare(
        `INSERT INTO entry_revisions (entry_id, rev, text, speaker, speaker_id, deleted, reason, author, created_at, addendum)
         VALUES (@entry_id, @rev, @text, @speaker, @speaker_id, @deleted, @reason, @author, @created_at, @addendum)`,
      ),
      audit: db.prepare(
        'INSERT INTO protocol_audit (at, actor, action, hearing_id, entry_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      hearingStatus: db.prepare('UPDATE hearings SET status = ?, updated_at = ? WHERE id = ?'),
    };
  }

  // ---------------------------------------------------------------- reading

  hearing(id: number): Hearing {
    const row = this.stmt.hearing.get(id);
    if (!row) throw new HattamaError('protocol.hearingNotFound', { id });
    return toHearing(row);
  }

  detail(id: number): HearingDetail {
    const hearing = this.hearing(id);
    return {
      hearing,
      participants: this.stmt.participants.all(id).map(toParticipant),
      entries: this.stmt.entries.all(id).map(toEntry),
      exhibits: this.stmt.exhibits.all(id).map(toExhibit),
      signatures: this.stmt.signatures.all(id).map(toSignature),
    };
  }

  hearings(opts: { scope?: HearingScope; caseNumber?: string; limit?: number } = {}): Hearing[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const now = this.now();
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
    return this.db.prepare<unknown[], HearingRow>(sql).all(...params).map(toHearing);
  }

  entry(id: number): Entry {
    const row = this.stmt.entry.get(id);
    if (!row) throw new HattamaError('protocol.entryNotFound', { id });
    return toEntry(row);
  }

  history(entryId: number): Revision[] {
    this.entry(entryId);
    return this.stmt.revisions.all(entryId).map(toRevision);
  }

  participant(id: number): Participant {
    const row = this.stmt.participant.get(id);
    if (!row) throw new HattamaError('protocol.participantNotFound', { id });
    return toParticipant(row);
  }

  audit(hearingId: number) {
    this.hearingRow(hearingId);
    return this.db
      .prepare<[number], { id: number; at: string; actor: string; action: string; hearing_id: number | null; entry_id: number | null; detail: string }>(
        'SELECT * FROM protocol_audit WHERE hearing_id = ? ORDER BY id',
      )
      .all(hearingId)
      .map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, hearingId: r.hearing_id, entryId: r.entry_id, detail: r.detail }));
  }

  // ---------------------------------------------------------------- hearings

  createHearing(input: NewHearing): Hearing {
    const id = this.tx(() => this.insertHearing(input));
    const hearing = this.hearing(id);
    this.emit({ hearingId: id, change: 'hearing', hearing });
    return hearing;
  }

  /** Inside a transaction: the insert, its audit and outbox rows. */
  insertHearing(input: NewHearing): number {
    const at = this.now().toISOString();
    const defaults = this.opts.defaults?.() ?? { court: '', courtroom: '' };
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
    const r = this.db
      .prepare(
        `INSERT INTO hearings (uid, case_number, category, court, courtroom, judge, secretary, scheduled_start, scheduled_end, source, external_id, created_at, updated_at)
         VALUES (@uid, @case_number, @category, @court, @courtroom, @judge, @secretary, @scheduled_start, @scheduled_end, @source, @external_id, @created_at, @updated_at)`,
      )
      .run(row);
    const id = Number(r.lastInsertRowid);
    this.auditRow(input.author, 'hearing.create', id, null, row);
    enqueue(this.db, 'protocol.hearing', String(id), hearingCreated(id, row));
    return id;
  }

  updateHearing(hearingId: number, patch: HearingPatch, author?: string): Hearing {
    this.tx(() => this.applyHearingPatch(hearingId, patch, author));
    const hearing = this.hearing(hearingId);
    this.emit({ hearingId, change: 'hearing', hearing });
    return hearing;
  }

  /** Inside a transaction. Refused once signed: the header is part of what was signed. */
  applyHearingPatch(hearingId: number, patch: HearingPatch, author?: string): boolean {
    const h = this.unlockedHearing(hearingId);
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
    const at = this.now().toISOString();
    this.db
      .prepare(`UPDATE hearings SET ${Object.keys(set).map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`)
      .run({ ...set, at, id: hearingId });
    this.auditRow(author, 'hearing.update', hearingId, null, set);
    enqueue(this.db, 'protocol.hearing', String(hearingId), hearingUpdated(hearingId, h.uid, set, at));
    return true;
  }

  // ---------------------------------------------------------------- roster

  addParticipant(input: { hearingId: number; name: string; role: ParticipantRole; attendance?: Attendance; note?: string; author?: string }): Participant {
    const id = this.tx(() => this.insertParticipant(input));
    const participant = this.participant(id);
    this.emit({ hearingId: input.hearingId, change: 'participant', participant });
    return participant;
  }

  insertParticipant(input: { hearingId: number; name: string; role: ParticipantRole; attendance?: Attendance; note?: string; author?: string }): number {
    const h = this.unlockedHearing(input.hearingId);
    const at = this.now().toISOString();
    const position = (this.db.prepare<[number], { p: number | null }>('SELECT max(position) AS p FROM participants WHERE hearing_id = ?').get(input.hearingId)?.p ?? 0) + 1;
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
    const r = this.db
      .prepare(
        `INSERT INTO participants (hearing_id, name, role, attendance, note, position, created_at, updated_at)
         VALUES (@hearing_id, @name, @role, @attendance, @note, @position, @created_at, @updated_at)`,
      )
      .run(row);
    const id = Number(r.lastInsertRowid);
    this.auditRow(input.author, 'participant.add', input.hearingId, null, { id, ...row });
    enqueue(this.db, 'protocol.participant', String(input.hearingId), participantAdded(id, h.uid, row));
    return id;
  }

  updateParticipant(input: { participantId: number; name?: string; role?: ParticipantRole; note?: string; attendance?: Attendance; author?: string }): Participant {
    const p = this.participant(input.participantId);
    this.tx(() => {
      const h = this.unlockedHearing(p.hearingId);
      const set: Record<string, string> = {};
      if (input.name !== undefined && input.name !== p.name) set.name = input.name;
      if (input.role !== undefined && input.role !== p.role) set.role = input.role;
      if (input.note !== undefined && input.note !== p.note) set.note = input.note;
      if (input.attendance !== undefined && input.attendance !== p.attendance) set.attendance = input.attendance;
      if (Object.keys(set).length === 0) return;
      const at = this.now().toISOString();
      this.db
        .prepare(`UPDATE participants SET ${Object.keys(set).map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`)
        .run({ ...set, at, id: p.id });
      const action = Object.keys(set).length === 1 && set.attendance ? 'participant.attendance' : 'participant.update';
      this.auditRow(input.author, action, p.hearingId, null, { id: p.id, before: pick(p, Object.keys(set)), after: set });
      enqueue(this.db, 'protocol.participant', String(p.hearingId), participantUpdated(p.id, h.uid, set, at));
    });
    const participant = this.participant(p.id);
    this.emit({ hearingId: p.hearingId, change: 'participant', participant });
    return participant;
  }

  // ---------------------------------------------------------------- entries

  /** Commits one entry with its first revision. Durable when it returns. */
  logEntry(input: NewEntry): Entry {
    const { entryId, exhibitId } = this.tx(() => this.insertEntry(input));
    const entry = this.entry(entryId);
    // The hearing rides along only when this entry changed it (status, start, end).
    const touchesHearing = KIND_INFO[input.kind].status !== undefined;
    this.emit({ hearingId: input.hearingId, change: 'entry', entry, ...(touchesHearing ? { hearing: this.hearing(input.hearingId) } : {}) });
    if (exhibitId !== null) this.emit({ hearingId: input.hearingId, change: 'exhibit', exhibit: toExhibit(this.stmt.exhibit.get(exhibitId)!) });
    return entry;
  }

  private insertEntry(input: NewEntry): { entryId: number; exhibitId: number | null } {
    const h = this.hearingRow(input.hearingId);
    const addendum = this.addendumFlag(h, input.addendum);
    const info = KIND_INFO[input.kind];
    const text = checkText(input.text ?? '');
    const speaker = this.resolveSpeaker(input.hearingId, input.speakerId, input.speaker);
    if (info.speaker === 'required' && !speaker.name) throw new HattamaError('protocol.speakerRequired', { kind: input.kind });
    if (info.textRequired && !text.trim()) throw new HattamaError('protocol.emptyText');
    const at = this.now().toISOString();
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
    const entryId = Number(this.stmt.insertEntry.run(row).lastInsertRowid);
    const rev = { entry_id: entryId, rev: 1, text, speaker: speaker.name, speaker_id: speaker.id, deleted: 0, reason: '', author, created_at: at, addendum };
    this.stmt.insertRevision.run(rev);

    if (info.status && info.status !== h.status) this.stmt.hearingStatus.run(info.status, at, h.id);
    if (input.kind === 'opened' && !h.actual_start) {
      this.db.prepare('UPDATE hearings SET actual_start = ?, updated_at = ? WHERE id = ?').run(row.started_at, at, h.id);
    }
    if (input.kind === 'closed') this.db.prepare('UPDATE hearings SET actual_end = ?, updated_at = ? WHERE id = ?').run(row.started_at, at, h.id);

    this.auditRow(author, 'entry.add', h.id, entryId, { kind: input.kind, addendum });
    enqueue(this.db, 'protocol.entry', String(h.id), entryAdded(entryId, h.uid, row, rev, input.exhibit, info.status ?? h.status));
    return { entryId, exhibitId };
  }

  private touchExhibit(h: HearingRow, kind: EntryKind, ref: { number: string; description?: string }, speaker: string | null, author: string, at: string): number {
    const status = EXHIBIT_STATUS_OF[kind]!;
    const existing = this.stmt.exhibitByNumber.get(h.id, ref.number);
    if (kind === 'exhibit_offered') {
      if (existing) throw new HattamaError('protocol.exhibitExists', { number: ref.number });
      const row = { hearing_id: h.id, number: ref.number, description: ref.description ?? '', status, offered_by: speaker, created_at: at, updated_at: at };
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO exhibits (hearing_id, number, description, status, offered_by, created_at, updated_at)
             VALUES (@hearing_id, @number, @description, @status, @offered_by, @created_at, @updated_at)`,
          )
          .run(row).lastInsertRowid,
      );
      this.auditRow(author, 'exhibit.offer', h.id, null, { id, ...row });
      enqueue(this.db, 'protocol.exhibit', String(h.id), exhibitAdded(id, h.uid, row));
      return id;
    }
    if (!existing) throw new HattamaError('protocol.exhibitNotFound', { number: ref.number });
    const description = ref.description && !existing.description ? ref.description : existing.description;
    this.db.prepare('UPDATE exhibits SET status = ?, description = ?, updated_at = ? WHERE id = ?').run(status, description, at, existing.id);
    this.auditRow(author, `exhibit.${status}`, h.id, null, { id: existing.id, before: existing.status, after: status });
    enqueue(this.db, 'protocol.exhibit', String(h.id), exhibitStatusChanged(existing.id, h.uid, status, description, at));
    return existing.id;
  }

  /** A new revision with new text and/or speaker. Editing a deleted entry restores it. */
  editEntry(input: EditInput): Entry {
    return this.revise(input, false);
  }

  /** A revision that marks the entry deleted; its text stays in the history. */
  deleteEntry(input: { entryId: number; reason?: string; author?: string; addendum?: boolean }): Entry {
    return this.revise(input, true);
  }

  private revise(input: EditInput, del: boolean): Entry {
    const current = this.entry(input.entryId);
    const changed = this.tx(() => {
      const h = this.hearingRow(current.hearingId);
      const addendum = this.addendumFlag(h, input.addendum);
      if (del && current.deleted) throw new HattamaError('protocol.alreadyDeleted', { id: current.id });
      const info = KIND_INFO[current.kind];
      const text = input.text === undefined ? current.text : checkText(input.text);
      let speaker = { id: current.speakerId, name: current.speaker };
      if (input.speakerId !== undefined || input.speaker !== undefined) {
        speaker = input.speakerId === null && (input.speaker === null || input.speaker === undefined)
          ? { id: null, name: null }
          : this.resolveSpeaker(h.id, input.speakerId ?? undefined, input.speaker ?? undefined);
      }
      if (!del) {
        if (info.speaker === 'required' && !speaker.name) throw new HattamaError('protocol.speakerRequired', { kind: current.kind });
        if (info.textRequired && !text.trim()) throw new HattamaError('protocol.emptyText');
        const same = text === current.text && speaker.name === current.speaker && speaker.id === current.speakerId && !current.deleted;
        if (same) return false;
      }
      const at = this.now().toISOString();
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
      };
      this.stmt.insertRevision.run(rev);
      const action = del ? 'entry.delete' : current.deleted ? 'entry.restore' : 'entry.edit';
      this.auditRow(author, action, h.id, current.id, { rev: rev.rev, reason: rev.reason, addendum });
      enqueue(this.db, 'protocol.revision', String(h.id), entryRevised(action, h.uid, current.uid, rev));
      return true;
    });
    const entry = this.entry(current.id);
    if (changed) this.emit({ hearingId: current.hearingId, change: 'entry', entry });
    return entry;
  }

  // ---------------------------------------------------------------- signature

  recordSignature(s: SignatureRecord): Signature {
    const id = this.tx(() => {
      const h = this.hearingRow(s.hearingId);
      const row = {
        hearing_id: s.hearingId,
        signed_at: s.signedAt,
        signer: s.signer,
        issuer: s.issuer,
        serial: s.serial,
        cert_sha256: s.certSha256,
        lang: s.lang,
        pdf_path: s.pdfPath,
        p7s_path: s.p7sPath,
        pdf_sha256: s.pdfSha256,
        p7s_sha256: s.p7sSha256,
      };
      const sid = Number(
        this.db
          .prepare(
            `INSERT INTO protocol_signatures (hearing_id, signed_at, signer, issuer, serial, cert_sha256, lang, pdf_path, p7s_path, pdf_sha256, p7s_sha256)
             VALUES (@hearing_id, @signed_at, @signer, @issuer, @serial, @cert_sha256, @lang, @pdf_path, @p7s_path, @pdf_sha256, @p7s_sha256)`,
          )
          .run(row).lastInsertRowid,
      );
      // The first signature locks the protocol; a later one (over addenda) records the newest signer.
      this.db.prepare('UPDATE hearings SET signed_at = ?, signed_by = ?, updated_at = ? WHERE id = ?').run(s.signedAt, s.signer, s.signedAt, s.hearingId);
      this.auditRow(s.author ?? s.signer, 'protocol.sign', s.hearingId, null, { signatureId: sid, ...row });
      enqueue(this.db, 'protocol.signed', String(s.hearingId), protocolSigned(sid, h.uid, row));
      return sid;
    });
    const signature = toSignature(this.db.prepare<[number], SignatureRow>('SELECT * FROM protocol_signatures WHERE id = ?').get(id)!);
    this.emit({ hearingId: s.hearingId, change: 'signed', signature, hearing: this.hearing(s.hearingId) });
    return signature;
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

  private unlockedHearing(id: number): HearingRow {
    const h = this.hearingRow(id);
    if (h.signed_at) throw new HattamaError('protocol.locked', { id });
    return h;
  }

  /** Once signed, a change must say it is an addendum; before, nothing is one. */
  private addendumFlag(h: HearingRow, requested: boolean | undefined): 0 | 1 {
    if (!h.signed_at) return 0;
    if (!requested) throw new HattamaError('protocol.locked', { id: h.id });
    return 1;
  }

  private resolveSpeaker(hearingId: number, speakerId: number | undefined, speaker: string | undefined): { id: number | null; name: string | null } {
    if (speakerId !== undefined) {
      const p = this.stmt.participant.get(speakerId);
      if (!p || p.hearing_id !== hearingId) throw new HattamaError('protocol.participantNotFound', { id: speakerId });
      return { id: p.id, name: p.name };
    }
    const name = speaker?.trim();
    if (!name) return { id: null, name: null };
    // A typed name that is on the roster is linked to that participant.
    const match = this.stmt.participants.all(hearingId).find((p) => p.name.toLocaleLowerCase() === name.toLocaleLowerCase());
    return match ? { id: match.id, name: match.name } : { id: null, name };
  }

  private auditRow(actor: string | undefined, action: string, hearingId: number | null, entryId: number | null, detail: unknown): void {
    this.stmt.audit.run(this.now().toISOString(), actor || 'station', action, hearingId, entryId, JSON.stringify(detail));
  }
}

/** Cleans text and enforces the maximum (for callers that did not come through the contract). */
export function checkText(raw: string): string {
  const text = cleanText(raw);
  if (text.length > MAX_ENTRY_TEXT) throw new HattamaError('protocol.textTooLong', { length: text.length, max: MAX_ENTRY_TEXT });
  return text;
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function pick(o: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]]));
}

export type { Exhibit };
