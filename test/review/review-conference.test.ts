import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewAuditRow, ReviewSession } from '../../common/contract/review';
import type { Waveform } from '../../common/contract/review-aids';
import type { Core } from '../../main/core/core';
import { readWavInfo } from '../../main/evidence/wav';
import { mediaResponse } from '../../main/review/media';
import { level } from '../../main/review/waveform';
import type { CallContext } from '../../main/runtime/handlers';
import { openTestCore, signInAs, staffOf } from '../support/core';
import { pcm, writeConferenceSession } from './conference-fixture';

// The conference's sound in the judge's review: listed with its session, soloed (and audited as
// such), drawn as its own waveform row and in the mix, and withheld like the microphones where a
// judge sealed a range. The session is written through the evidence store: 4 s, 2 microphones
// with a tone on the first for 0–2 s, and a mono conference track with a tone for 2–4 s.

const RATE = 8000;
const WITH = '20261202T060000Z-c0f001';
const WITHOUT = '20261202T070000Z-c0f002';
const tone = (hz: number, amp: number) => (n: number) => amp * Math.sin((2 * Math.PI * hz * n) / RATE);

let core: Core;
let judge: CallContext;
let secretary: CallContext;
let hearingId: number;
let dir: string;

async function call<T>(ctx: CallContext, name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
async function refusal(ctx: CallContext, name: string, input: unknown): Promise<string | null> {
  const r = await core.call(name, input, ctx);
  return r.ok ? null : r.error.code;
}

describe('the conference track in the review', () => {
  beforeAll(async () => {
    core = await openTestCore();
    const staff = await staffOf(core);
    judge = await signInAs(core, 'Сейітова Ләззат', ['judge']);
    secretary = await signInAs(core, 'Әбенова Гүлнар', ['secretary']);
    hearingId = (await call<{ id: number }>(staff, 'protocol.createHearing', { caseNumber: '2-31/2026' })).id;
    const room = tone(440, 0.5);
    const remote = tone(1000, 0.5);
    const base = { hearingId, seconds: 4, segmentSeconds: 1, rate: RATE, micChannels: 2 };
    dir = await writeConferenceSession(core, {
      ...base,
      sessionId: WITH,
      conferenceChannels: 1,
      mic: (from, count) => pcm(2, from, count, (n, c) => (c === 0 && n < 2 * RATE ? room(n) : 0)),
      conference: (from, count) => pcm(1, from, count, (n) => (n >= 2 * RATE ? remote(n) : 0)),
    });
    await writeConferenceSession(core, { ...base, sessionId: WITHOUT, conferenceChannels: 0, mic: (from, count) => pcm(2, from, count, (n) => room(n)), conference: () => Buffer.alloc(0) });
  });
  afterAll(async () => {
    await core.close();
  });

  it('lists the conference track with its device and segments on the microphones\' timeline', async () => {
    const sessions = await call<ReviewSession[]>(judge, 'review.sessions', { hearingId });
    const s = sessions.find((x) => x.sessionId === WITH)!;
    expect(s.conference).toEqual({ channels: 1, device: 'conference.monitor' });
    const conf = s.segments.filter((x) => x.track === 'conference');
    expect(conf.map((x) => [x.startMs, x.durationMs])).toEqual([0, 1000, 2000, 3000].map((ms) => [ms, 1000]));
    expect(s.channels).toHaveLength(2);
    expect(s.durationMs).toBe(4000);
    expect(sessions.find((x) => x.sessionId === WITHOUT)!.conference).toBeNull();
  });

  it('a solo of the conference is audited as the conference, not as the mix', async () => {
    const row = await call<ReviewAuditRow>(judge, 'review.play', { hearingId, sessionId: WITH, positionMs: 2500, channel: null, track: 'conference' });
    expect(row).toMatchObject({ action: 'play', channel: null, role: 'conference', track: 'conference', positionMs: 2500 });
    const mix = await call<ReviewAuditRow>(judge, 'review.play', { hearingId, sessionId: WITH, positionMs: 0, channel: null });
    expect(mix).toMatchObject({ channel: null, role: null, track: 'audio' });
    const audit = await call<ReviewAuditRow[]>(judge, 'review.audit', { hearingId });
    expect(audit.filter((a) => a.action === 'play').map((a) => a.track)).toEqual(['conference', 'audio']);
    // The access audit names it too (its payload carries the track).
    const access = await call<Array<{ call: string; target: Record<string, unknown> }>>(judge, 'audit.list', { hearingId });
    expect(access.filter((r) => r.call === 'review.play').map((r) => r.target.track)).toEqual(['conference', 'audio']);
  });

  it('refuses a conference solo where none was recorded, and a channel the conference does not have', async () => {
    expect(await refusal(judge, 'review.play', { hearingId, sessionId: WITHOUT, positionMs: 0, channel: null, track: 'conference' })).toBe('review.noConference');
    expect(await refusal(judge, 'review.play', { hearingId, sessionId: WITH, positionMs: 0, channel: 2, track: 'conference' })).toBe('review.noSuchChannel');
    expect(await refusal(judge, 'review.play', { hearingId, sessionId: WITH, positionMs: 0, channel: null, track: 'cam1' })).toBe('app.invalidInput');
  });

  it('draws the conference as its own row, and in the mix', async () => {
    const w = await call<Waveform>(judge, 'review.waveform', { hearingId, sessionId: WITH, buckets: 80 });
    const at = (row: Array<number | null>, ms: number) => row[Math.floor(ms / w.bucketMs)];
    expect(w.conference).toHaveLength(80);
    expect(at(w.conference!, 3000)).toBe(level(16384));
    expect(at(w.conference!, 1000)).toBe(0);
    expect(at(w.channels[0]!, 1000)).toBe(level(16384));
    expect(at(w.channels[0]!, 3000)).toBe(0);
    expect(at(w.mix, 1000)).toBe(level(16384));
    expect(at(w.mix, 3000)).toBe(level(16384));
    const none = await call<Waveform>(judge, 'review.waveform', { hearingId, sessionId: WITHOUT, buckets: 80 });
    expect(none.conference).toBeNull();
  });

  it('a sealed range is silence in the conference for a secretary, and its levels withheld', async () => {
    await call(judge, 'review.seal', { sessionId: WITH, fromMs: 3000, toMs: 4000, reason: 'minor' });
    const w = await call<Waveform>(secretary, 'review.waveform', { hearingId, sessionId: WITH, buckets: 80 });
    expect(w.conference!.slice(60)).toEqual(Array(20).fill(null));
    expect(w.conference![50]).toBe(level(16384));
    const fetchAs = async (ctx: CallContext, file: string): Promise<Buffer> => {
      const [s] = (await call<ReviewSession[]>(ctx, 'review.sessions', { hearingId })).filter((x) => x.sessionId === WITH);
      const res = mediaResponse(core.media, { url: s!.segments.find((x) => x.file === file)!.url });
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    const file = path.join(dir, 'conference-000004.wav');
    const { dataOffset } = readWavInfo(file);
    const original = fs.readFileSync(file);
    expect(original.subarray(dataOffset).some((x) => x !== 0)).toBe(true);
    expect((await fetchAs(secretary, 'conference-000004.wav')).subarray(dataOffset).every((x) => x === 0)).toBe(true);
    expect((await fetchAs(judge, 'conference-000004.wav')).equals(original)).toBe(true);
    expect((await fetchAs(secretary, 'conference-000003.wav')).equals(fs.readFileSync(path.join(dir, 'conference-000003.wav')))).toBe(true);
  });
});
