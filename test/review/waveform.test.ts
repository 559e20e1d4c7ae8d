import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Waveform } from '../../common/contract/review-aids';
import type { Core } from '../../main/core/core';
import type { CallContext } from '../../main/runtime/handlers';
import { level } from '../../main/review/waveform';
import { openTestCore, signInAs, staffOf } from '../support/core';
import { missingTools } from '../support/tools';
import { CHANNELS, RATE, writeHearingSession } from './seal-fixture';

// The waveform overview of a real session written through the evidence store: four seconds on
// two microphones, the first loud for 0–1 s and 3–4 s (a 440 Hz tone at −6 dBFS), silent in
// between; the second a quiet tone (−40 dBFS) throughout. The levels are checked against the
// signal and against sox's own peak of the same segment; a sealed range is withheld from a
// secretary and drawn for the judge.

const SESSION = '20261201T110000Z-3a7ef0';
const skip = missingTools('sox');

function signal(from: number, count: number): Buffer {
  const b = Buffer.alloc(count * CHANNELS * 2);
  for (let i = 0; i < count; i++) {
    const n = from + i;
    const sec = Math.floor(n / RATE);
    const loud = sec === 0 || sec === 3 ? 0.5 : 0;
    b.writeInt16LE(Math.round(32767 * loud * Math.sin((2 * Math.PI * 440 * n) / RATE)), i * 4);
    b.writeInt16LE(Math.round(327 * Math.sin((2 * Math.PI * 440 * n) / RATE)), i * 4 + 2);
  }
  return b;
}

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

describe('waveform overview', () => {
  beforeAll(async () => {
    core = await openTestCore();
    const staff = await staffOf(core);
    judge = await signInAs(core, 'Сейітова Ләззат', ['judge']);
    secretary = await signInAs(core, 'Әбенова Гүлнар', ['secretary']);
    hearingId = (await call<{ id: number }>(staff, 'protocol.createHearing', { caseNumber: '2-21/2026' })).id;
    dir = await writeHearingSession(core, SESSION, hearingId, 4, false, undefined, signal);
  });
  afterAll(async () => {
    await core.close();
  });

  it('levels follow the signal: loud, silent, quiet, per microphone and in the mix', async () => {
    const w = await call<Waveform>(judge, 'review.waveform', { hearingId, sessionId: SESSION, buckets: 80 });
    expect(w.bucketMs).toBe(50);
    expect(w.mix).toHaveLength(80);
    expect(w.channels).toHaveLength(2);
    const at = (row: Array<number | null>, ms: number) => row[Math.floor(ms / w.bucketMs)];
    expect(at(w.channels[0]!, 500)).toBe(level(16384)); // −6 dBFS → 90
    expect(at(w.channels[0]!, 3500)).toBe(level(16384));
    expect(at(w.channels[0]!, 2000)).toBe(0);
    expect(at(w.channels[1]!, 2000)).toBe(level(327)); // −40 dBFS → 33
    expect(at(w.mix, 2000)).toBe(level(327));
    expect(at(w.mix, 500)).toBe(level(16384));
    // Fewer buckets fold the fine peaks: the loudest of each stays.
    const coarse = await call<Waveform>(judge, 'review.waveform', { hearingId, sessionId: SESSION, buckets: 50 });
    expect(coarse.bucketMs).toBe(100);
    expect(Math.max(...(coarse.channels[0] as number[]))).toBe(level(16384));
  });

  it.skipIf(!!skip)("the loudest bucket of a segment equals sox's peak of that file", async () => {
    // sox prints "Maximum amplitude: 0.5..." on stderr for the first microphone of the first segment.
    const r = spawnSync('sox', [path.join(dir, 'audio-000001.wav'), '-n', 'remix', '1', 'stat'], { encoding: 'utf8' });
    const peak = Number(/Maximum amplitude:\s+([\d.]+)/.exec(r.stderr)?.[1]);
    expect(peak).toBeGreaterThan(0.4);
    const w = await call<Waveform>(judge, 'review.waveform', { hearingId, sessionId: SESSION, buckets: 80 });
    expect(Math.max(...(w.channels[0]!.slice(0, 20) as number[]))).toBe(level(Math.round(peak * 32768)));
  });

  it('a sealed range is withheld from a secretary, drawn for the judge', async () => {
    await call(judge, 'review.seal', { sessionId: SESSION, fromMs: 3000, toMs: 4000, reason: 'minor' });
    const s = await call<Waveform>(secretary, 'review.waveform', { hearingId, sessionId: SESSION, buckets: 80 });
    expect(s.withheld).toEqual([{ fromMs: 3000, toMs: 4000 }]);
    expect(s.mix.slice(60)).toEqual(Array(20).fill(null));
    expect(s.channels[0]!.slice(60)).toEqual(Array(20).fill(null));
    expect(s.mix[59]).toBe(level(327));
    const j = await call<Waveform>(judge, 'review.waveform', { hearingId, sessionId: SESSION, buckets: 80 });
    expect(j.withheld).toEqual([]);
    expect(j.mix[70]).toBe(level(16384));
  });

  it('refuses a session that is not the hearing\'s, and a technician', async () => {
    const other = await core.call('review.waveform', { hearingId, sessionId: '20261201T110000Z-000000', buckets: 80 }, judge);
    expect(other.ok ? null : other.error.code).toBe('review.sessionNotInHearing');
    const tech = await signInAs(core, 'Серіков Марат', ['technician']);
    const r = await core.call('review.waveform', { hearingId, sessionId: SESSION }, tech);
    expect(r.ok ? null : r.error.code).toBe('auth.forbidden');
    const bad = await core.call('review.waveform', { hearingId, sessionId: SESSION, buckets: 10 }, judge);
    expect(bad.ok ? null : bad.error.code).toBe('app.invalidInput');
  });
});
