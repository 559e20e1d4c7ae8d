import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncEventOf } from '../../common/sync-api';
import { startCentral, type CentralProcess } from '../support/central-process';
import { code, enrollRaw, post } from '../support/central-raw';
import { entryAdded, hearingCreated } from '../support/sync-events';
import { tempDir } from '../support/tools';

// Central withholds the text of protocol entries pinned inside a seal in force from the events log
// it serves (GET /admin/events): the entry's own text and speaker, its later revisions, and the
// judge's words on the seal record; entries outside the range, and every entry once the seal is
// lifted, read as the station sent them. The stored log itself is never changed.

const SESSION = '20261201T100000Z-sealc1';
const T0 = '2026-12-01T10:00:00.000Z';

function sealEvent(seq: number, o: { act: 'seal' | 'unseal'; sealSeq: number; recordSeq: number; fromMs: number | null; toMs: number | null; text: string | null }): SyncEventOf<'review.seal'> {
  const h = (c: string) => c.repeat(64);
  return {
    seq,
    kind: 'review.seal',
    ref: SESSION,
    createdAt: T0,
    payload: { sessionId: SESSION, seq: o.recordSeq, act: o.act, sealSeq: o.sealSeq, fromMs: o.fromMs, toMs: o.toMs, reason: 'minor', text: o.text, by: 'Judge', at: T0, hash: h('a'), prev: h('0'), manifestSha256: null, chainLength: 3, chainHead: h('b'), keyId: 'sha256:x', signature: 'c2ln' },
  };
}

describe('central honours seals in the events log it serves', () => {
  let c: CentralProcess;
  let token = '';
  const stationId = 'st-seal-honour';

  beforeAll(async () => {
    c = await startCentral({ data: tempDir('hattama-central-') });
    token = (await enrollRaw(c, stationId, await code(c))).json.token;
  });
  afterAll(async () => {
    await c?.stop();
  });

  const texts = async () => {
    const { json } = await c.admin<Array<{ seq: number; kind: string; withheld?: string; payload: { revision?: { text: string; speaker: string | null }; text?: string | null } }>>('GET', `/admin/events?station=${stationId}`);
    return Object.fromEntries(json.filter((e) => e.kind !== 'protocol.hearing').map((e) => [e.seq, { text: e.payload.revision?.text ?? e.payload.text ?? null, speaker: e.payload.revision?.speaker ?? null, withheld: e.withheld ?? null }]));
  };

  it("withholds the text of entries inside a seal in force, and gives it back when the seal is lifted", async () => {
    const pinned = (seq: number, ms: number, text: string) => {
      const e = entryAdded(seq, { hearingId: 1, hearingUid: 'hearing-s1', entryId: seq, uid: `entry-${seq}`, text, startedAt: T0, recordingSession: SESSION });
      return { ...e, payload: { ...e.payload, recording_ms: ms, revision: { ...e.payload.revision, speaker: 'Witness K.' } } };
    };
    const edit: SyncEventOf<'protocol.revision'> = {
      seq: 5,
      kind: 'protocol.revision',
      ref: '1',
      createdAt: T0,
      payload: { op: 'entry.edit', hearingUid: 'hearing-s1', entryUid: 'entry-2', revision: { entry_id: 2, rev: 2, text: 'the minor said more', speaker: null, speaker_id: null, deleted: 0, reason: 'completed', author: 'secretary', created_at: T0, addendum: 0 } },
    };
    const r = await post(c, '/v1/events', token, {
      events: [
        hearingCreated(1, { id: 1, uid: 'hearing-s1' }),
        pinned(2, 1500, 'the minor said this'),
        pinned(3, 2000, 'after the closed part'),
        pinned(4, 999, 'before the closed part'),
        edit,
        sealEvent(6, { act: 'seal', sealSeq: 1, recordSeq: 1, fromMs: 1000, toMs: 2000, text: 'a minor testifies' }),
      ],
    });
    expect(r.status).toBe(200);
    expect(await texts()).toEqual({
      2: { text: '', speaker: null, withheld: 'sealed' },
      3: { text: 'after the closed part', speaker: 'Witness K.', withheld: null },
      4: { text: 'before the closed part', speaker: 'Witness K.', withheld: null },
      5: { text: '', speaker: null, withheld: 'sealed' },
      6: { text: null, speaker: null, withheld: 'sealed' },
    });

    const lift = await post(c, '/v1/events', token, { events: [sealEvent(7, { act: 'unseal', sealSeq: 1, recordSeq: 2, fromMs: null, toMs: null, text: 'the court lifted it' })] });
    expect(lift.status).toBe(200);
    const after = await texts();
    expect(after[2]).toEqual({ text: 'the minor said this', speaker: 'Witness K.', withheld: null });
    expect(after[5]).toEqual({ text: 'the minor said more', speaker: null, withheld: null });
  });
});
