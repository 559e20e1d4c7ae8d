import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SYNC_EVENT_KINDS, SyncEventSchema, type SyncPayload } from '../../common/sync-api';
import { AuditLog } from '../../main/audit/audit-log';
import type { Db } from '../../main/db/database';
import { createLogger } from '../../main/log/logger';
import { createProtocolStore } from '../../main/protocol/module';
import { entryAdded } from '../../main/protocol/sync-payloads';
import { applyFeeds } from '../../main/sync/feeds';
import { enqueue, type OutboxRow } from '../../main/sync/outbox';
import { outboxEvent } from '../../main/sync/outbox-pusher';
import { syncModule } from '../../main/sync/sync-module';
import { announcePrivacyMute } from '../../main/hearing/privacy-mute-event';
import { makeStation, writeSegment, type TestStation } from '../support/station';
import path from 'node:path';
import { ChainWriter } from '../../main/evidence/chain';
import { markDamaged } from '../../main/evidence/chain-anchors';
import { buildManifest, signManifest } from '../../main/evidence/manifest';
import { SessionCatalog } from '../../main/evidence/session-catalog';
import { testStationKey } from '../support/key-passphrase';
import fs from 'node:fs';
import { appendSeal } from '../../main/evidence/seals';
import { recordSeal } from '../../main/evidence/seals-store';
import { announceRoomTest } from '../../main/roomcheck/room-test-event';

// The outbox speaks one typed language: every kind the station writes parses with the event
// union central parses with, and a payload that does not fit its kind does not compile.

const stations: TestStation[] = [];
afterAll(() => {
  for (const s of stations) s.close();
});

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('typed outbox events', () => {
  it('every kind the station writes, written by the real code paths, parses with the union', async () => {
    const st = await makeStation();
    stations.push(st);
    const store = createProtocolStore(st);
    const h = store.createHearing({ caseNumber: '2-501/2026', category: 'civil', judge: 'Aliyeva A.', source: 'adhoc', author: 'test' });
    store.updateHearing(h.id, { judge: 'Nurlanov B.', category: 'criminal', scheduledStart: '2026-05-04T05:00:00.000Z' }, 'test');
    const p = store.addParticipant({ hearingId: h.id, name: 'Serikova D.', role: 'plaintiff', author: 'test' });
    store.updateParticipant({ participantId: p.id, attendance: 'present', role: 'defendant', author: 'test' });
    store.logEntry({ hearingId: h.id, kind: 'opened', author: 'secretary' });
    store.logEntry({ hearingId: h.id, kind: 'exhibit_offered', speakerId: p.id, exhibit: { number: '1', description: 'Loan agreement' }, author: 'secretary' });
    store.logEntry({ hearingId: h.id, kind: 'exhibit_admitted', exhibit: { number: '1' }, author: 'secretary' });
    const note = store.logEntry({ hearingId: h.id, kind: 'note', text: 'The witness arrived.', author: 'secretary' });
    store.editEntry({ entryId: note.id, text: 'The witness arrived at 10:05.', reason: 'time', author: 'secretary' });
    store.deleteEntry({ entryId: note.id, reason: 'duplicate', author: 'secretary' });
    store.editEntry({ entryId: note.id, text: 'The witness arrived at 10:06.', author: 'secretary' });
    store.logEntry({ hearingId: h.id, kind: 'closed', author: 'secretary' });
    store.recordSignature({
      hearingId: h.id,
      signedAt: new Date().toISOString(),
      capacity: 'secretary',
      signer: 'Secretary S.',
      subject: 'CN=Secretary S., serialNumber=IIN900101400123, C=KZ',
      iin: '900101400123',
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2027-01-01T00:00:00.000Z',
      round: { start: { lang: 'kk', timeZone: 'Asia/Almaty', pdfPath: 'protocols/1/protocol.pdf', pdfSha256: sha('pdf'), document: '{}' } },
      issuer: 'NCA RK',
      serial: '0A1B',
      certSha256: sha('cert'),
      lang: 'kk',
      pdfPath: 'protocols/1/protocol.pdf',
      p7sPath: 'protocols/1/protocol.pdf.p7s',
      pdfSha256: sha('pdf'),
      p7sSha256: sha('p7s'),
    });
    writeSegment(st, 'sess-typed', 0, 4096);
    // Chain links as the evidence store anchors them, the sealed manifest, and a session recovery found damaged.
    const catalog = new SessionCatalog(st.db);
    const chain = ChainWriter.create(path.join(st.dir, 'chain-typed.jsonl'));
    const links = [chain.append({ type: 'session', session: { format: 'hattama-session/1', sessionId: 'sess-chain', stationId: 'st', court: 'c', courtroom: 'r', caseRef: null, hearingId: null, createdAt: new Date().toISOString() } })];
    chain.close();
    for (const e of links) catalog.anchorLink('sess-chain', e);
    catalog.anchorSealed('sess-chain', signManifest(buildManifest(links, 'complete', new Date().toISOString()), testStationKey(st.dir)));
    markDamaged(st.db, { sessionId: 'sess-gone', expectedLength: 3, expectedHead: sha('h'), diskLength: 1, firstBad: 1, detail: 'link 1 missing', at: new Date().toISOString() });
    // A judge's seal on a session's recording (review.seal), through the evidence store's own writer.
    const sealed = path.join(st.dir, 'sess-sealed');
    fs.mkdirSync(sealed);
    fs.copyFileSync(path.join(st.dir, 'chain-typed.jsonl'), path.join(sealed, 'chain.jsonl'));
    recordSeal(st.db, appendSeal(sealed, 'sess-sealed', { op: 'seal', sealSeq: 0, fromMs: 0, toMs: 1000, reason: 'minor', text: null, by: { personId: 1, name: 'Judge J.' }, at: new Date().toISOString() }, testStationKey(st.dir)));
    // A room test's verdict, as the room test announces it.
    announceRoomTest(st.db, { id: 'rt-1', at: new Date().toISOString(), folder: 'roomtests/rt-1', device: 'pulse', sampleRate: 48000, seconds: 10, microphones: [], cameras: [], camerasChecked: false, diskHours: 12, syncBacklog: { events: 0, segments: 0, bytes: 0 }, clockOffsetMs: null, ready: false, reasons: [{ code: 'silent', params: {}, text: 'silent' }], notes: [] });
    // A privacy mute of a microphone and its lifting, as the hearing announces them.
    const mute = { hearingUid: h.uid, hearing_id: h.id, sessionId: 'sess-muted', channel: 3, role: 'defence', by: 'Secretary S.' };
    announcePrivacyMute(st.db, { ...mute, act: 'mute', at: new Date().toISOString(), frame: 96_000, position_ms: 2000, reason: null });
    announcePrivacyMute(st.db, { ...mute, act: 'unmute', at: new Date().toISOString(), frame: 240_000, position_ms: 5000, by: null, reason: 'auto' });
    // A row of the access audit, as the dispatcher writes it.
    new AuditLog(st.db).append({ personId: 3, personName: 'Secretary S.', role: 'secretary', call: 'protocol.logEntry', door: 'bridge', hearingId: h.id, target: { hearingId: h.id, kind: 'note' }, outcome: 'ok' });

    // A remark decision, through the sync domain's own call.
    applyFeeds(st.db, { schedule: [], directory: [], remarks: [{ remarkId: 'r-1', hearingId: h.uid, author: 'Counsel', text: 'Omitted objection', filedAt: new Date().toISOString(), status: 'pending', reason: '', decidedAt: null, version: 1 }], cursor: 1 });
    const { log } = createLogger(st.dir, { sync: true });
    const sync = syncModule({ dataDir: st.dir, db: st.db, settings: st.settings, events: st.events, log }, { version: '0.0.0-test', stationKey: () => testStationKey(st.dir) });
    await sync.handlers['sync.decideRemark']({ remarkId: 'r-1', decision: 'rejected', reason: 'It is at 10:43.' }, { transport: 'test' });
    await sync.close?.();

    const rows = st.db.prepare<[], OutboxRow>('SELECT * FROM outbox ORDER BY seq').all();
    const parsed = rows.map(outboxEvent);
    const bad = parsed.flatMap((r, i) => (r.ok ? [] : [`${rows[i]!.kind} #${rows[i]!.seq}: ${r.why}`]));
    expect(bad).toEqual([]);
    const kinds = new Set(rows.map((r) => r.kind));
    expect([...kinds].sort()).toEqual([...SYNC_EVENT_KINDS].sort());
    // and the op variants of each kind
    const ops = new Set(parsed.flatMap((r) => (r.ok && 'op' in r.event.payload ? [`${r.event.kind}:${r.event.payload.op}`] : [])));
    expect([...ops].sort()).toEqual(
      [
        'chain.link:damaged',
        'chain.link:link',
        'chain.link:sealed',
        'protocol.entry:add',
        'protocol.exhibit:add',
        'protocol.exhibit:status',
        'protocol.hearing:create',
        'protocol.hearing:update',
        'protocol.participant:add',
        'protocol.participant:update',
        'protocol.revision:entry.delete',
        'protocol.revision:entry.edit',
        'protocol.revision:entry.restore',
      ].sort(),
    );
    // No column leaks beyond the union (strict payloads): the update carries only what changed.
    const update = parsed.find((r) => r.ok && r.event.kind === 'protocol.hearing' && r.event.payload.op === 'update');
    expect(update?.ok && update.event.payload).toEqual({ op: 'update', id: h.id, uid: h.uid, updated_at: expect.any(String), judge: 'Nurlanov B.', category: 'criminal', scheduled_start: '2026-05-04T05:00:00.000Z' });
  });

  it('refuses, at runtime, what the union refuses: an unknown kind and a payload missing a field', () => {
    const base = { seq: 1, ref: null, createdAt: new Date().toISOString() };
    expect(SyncEventSchema.safeParse({ ...base, kind: 'protocol.gossip', payload: {} }).success).toBe(false);
    expect(SyncEventSchema.safeParse({ ...base, kind: 'segment', payload: { sessionId: 's', track: 'audio', file: 'a.wav', bytes: 1 } }).success).toBe(false);
    expect(SyncEventSchema.safeParse({ ...base, kind: 'segment', payload: { sessionId: 's', track: 'audio', file: 'a.wav', sha256: sha('a'), bytes: 1 } }).success).toBe(true);
  });
});

// Type level (checked by `npm run typecheck`, which includes test/): if the union renamed or
// dropped a field, the mappers' object literals and these lines would stop compiling. Each
// expected error below fails the type check the day its line becomes valid.
export function typeChecks(db: Db, decision: SyncPayload<'remark.decision'>, entry: SyncPayload<'protocol.entry'>): void {
  // @ts-expect-error `path` is not a field of a segment payload (it is `file`)
  enqueue(db, 'segment', 's', { sessionId: 's', track: 'audio', path: 'a.wav', sha256: sha('a'), bytes: 1 });
  // @ts-expect-error a segment payload must declare its sha256
  enqueue(db, 'segment', 's', { sessionId: 's', track: 'audio', file: 'a.wav', bytes: 1 });
  // @ts-expect-error a remark decision is not a segment
  enqueue(db, 'segment', 's', decision);
  // @ts-expect-error no such kind
  enqueue(db, 'protocol.gossip', null, {});
  const rev = { entry_id: 1, rev: 1, text: '', speaker: null, speaker_id: null, deleted: 0, reason: '', author: 'a', created_at: '', addendum: 0 as const };
  // @ts-expect-error the mapper needs every column it maps: recording_session is missing
  entryAdded(1, 'u', { uid: 'e', hearing_id: 1, kind: 'note', started_at: '', created_at: '', recording_ms: null, author: 'a', addendum: 0, exhibit_id: null }, rev, null, 'in_progress');
  // @ts-expect-error an entry payload must carry the hearing's status after it
  enqueue(db, 'protocol.entry', '1', { ...entry, hearingStatus: undefined });
}
