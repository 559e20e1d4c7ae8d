import { randomUUID } from 'node:crypto';
import type { EntryKind } from '../../common/protocol/kinds';
import type { SyncEventOf, SyncPayload } from '../../common/sync-api';

// Valid pushed events for central tests and benches, built as the station's mappers build
// them (every field of the union), so a test fails only for what it means to test.

const at = (): string => new Date().toISOString();

export function hearingCreated(seq: number, o: { id: number; uid?: string; externalId?: string | null; createdAt?: string }): SyncEventOf<'protocol.hearing'> {
  const t = o.createdAt ?? at();
  const payload: SyncPayload<'protocol.hearing'> = {
    op: 'create',
    id: o.id,
    uid: o.uid ?? randomUUID(),
    case_number: `2-${o.id}/2026`,
    category: 'civil',
    court: 'Court',
    courtroom: 'Room 7',
    judge: 'Judge',
    secretary: 'Secretary',
    scheduled_start: null,
    scheduled_end: null,
    source: o.externalId ? 'schedule' : 'adhoc',
    external_id: o.externalId ?? null,
    created_at: t,
    updated_at: t,
  };
  return { seq, kind: 'protocol.hearing', ref: String(o.id), payload, createdAt: t };
}

export function entryAdded(
  seq: number,
  o: { hearingId: number; hearingUid: string; entryId?: number; uid?: string; kind?: EntryKind; text?: string; startedAt?: string; recordingSession?: string | null; hearingStatus?: SyncPayload<'protocol.entry'>['hearingStatus'] },
): SyncEventOf<'protocol.entry'> {
  const t = o.startedAt ?? at();
  const entryId = o.entryId ?? seq;
  const payload: SyncPayload<'protocol.entry'> = {
    op: 'add',
    hearingUid: o.hearingUid,
    id: entryId,
    uid: o.uid ?? randomUUID(),
    hearing_id: o.hearingId,
    kind: o.kind ?? 'note',
    started_at: t,
    created_at: t,
    recording_ms: null,
    recording_session: o.recordingSession ?? null,
    author: 'secretary',
    addendum: 0,
    exhibit_id: null,
    exhibit: null,
    revision: { entry_id: entryId, rev: 1, text: o.text ?? `entry ${seq}`, speaker: null, speaker_id: null, deleted: 0, reason: '', author: 'secretary', created_at: t, addendum: 0 },
    hearingStatus: o.hearingStatus ?? 'in_progress',
  };
  return { seq, kind: 'protocol.entry', ref: String(o.hearingId), payload, createdAt: t };
}

export function segmentAnnounced(seq: number, o: { sessionId: string; file: string; sha256: string; bytes: number; track?: string }): SyncEventOf<'segment'> {
  return { seq, kind: 'segment', ref: o.sessionId, payload: { sessionId: o.sessionId, track: o.track ?? 'audio', file: o.file, sha256: o.sha256, bytes: o.bytes }, createdAt: at() };
}
