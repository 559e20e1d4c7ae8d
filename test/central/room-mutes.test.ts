import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncPayload } from '../../common/sync-api';
import { startCentral, type CentralProcess } from '../support/central-process';
import { entryAdded, hearingCreated } from '../support/sync-events';
import { tempDir } from '../support/tools';
import { addUser, signIn, simStation } from './sc-client';

// The Situation Center learns of a privacy mute from the station's typed recording.mute events:
// the room's page says which microphone is muted now and since when, and its timeline shows
// every muted span of the day on a lane of its own.

describe('a muted microphone on the room page', () => {
  let c: CentralProcess;
  let sup = '';
  beforeAll(async () => {
    const data = tempDir('hattama-sc-mute-');
    c = await startCentral({ data });
    addUser(data, undefined, 'sup', 'supervisor', 'supervisor-password');
    sup = (await signIn(c, 'sup', 'supervisor-password')).cookie;
  }, 60_000);
  afterAll(async () => {
    await c?.stop();
  });

  it('says "channel 3 is muted since" while it is, and keeps the span on the timeline once it is back', async () => {
    const s = await simStation(c, 'sc-mute-1', 'Court M', 'R-mute');
    const uid = randomUUID();
    await s.push(hearingCreated(++s.seq, { id: 1, uid }), entryAdded(++s.seq, { hearingId: 1, hearingUid: uid, kind: 'opened', hearingStatus: 'in_progress' }));
    const mute = (act: 'mute' | 'unmute', reason: SyncPayload<'recording.mute'>['reason']): unknown => ({
      seq: ++s.seq,
      kind: 'recording.mute',
      ref: '1',
      createdAt: new Date().toISOString(),
      payload: { hearingUid: uid, hearing_id: 1, sessionId: 'sess-m', act, channel: 3, role: 'defence', at: new Date().toISOString(), frame: act === 'mute' ? 96_000 : 240_000, position_ms: act === 'mute' ? 2000 : 5000, by: 'Хатшы', reason } satisfies SyncPayload<'recording.mute'>,
    });
    await s.push(mute('mute', null));
    await s.heartbeat({ recording: true, hearingId: uid });
    const page = async () => (await fetch(new URL(`/rooms/${s.id}`, c.url), { headers: { cookie: sup } })).text();
    // Central's room list is a snapshot refreshed after pushes: the new room shows up within moments.
    const until = async (want: (html: string) => boolean) => {
      for (let i = 0; i < 50; i++) {
        const h = await page();
        if (want(h)) return h;
        await new Promise((r) => setTimeout(r, 100));
      }
      return page();
    };
    let html = await until((h) => h.includes('id="room-muted"'));
    expect(html).toContain('id="room-muted"');
    expect(html).toMatch(/3-арнаның микрофоны \(қорғаушы\) \d\d:\d\d бастап құпия әңгімеге өшірулі/);
    expect(html).toContain('<g class="muted" data-channel="3">');
    await s.push(mute('unmute', 'manual'));
    html = await until((h) => !h.includes('id="room-muted"'));
    expect(html).not.toContain('id="room-muted"');
    expect(html).toContain('<g class="muted" data-channel="3">');
    expect(html).toContain('Өшірілген');
  }, 60_000);
});
