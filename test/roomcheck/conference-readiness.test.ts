import { describe, expect, it } from 'vitest';
import { RoomTestSchema, type ConferenceResult, type MicResult } from '../../common/contract/recording';
import { HattamaError } from '../../common/errors';
import { conferenceVerdict } from '../../main/roomcheck/conference-verdict';
import { readiness } from '../../main/roomcheck/readiness';
import { recordRoomTest } from '../support/room-test';
import { tempDir } from '../support/tools';

// The conference's sound in the room test: its verdict from the PCM heard, and what it does to
// ready. Never a failure when no participant is expected to attend remotely; a reason when one is.

const mic = (channel: number): MicResult => ({ channel, role: 'judge', verdict: 'ok', duplicateOf: null, rmsDb: -20, peakDb: -3, noiseFloorDb: -70, snrDb: 40, humShare: 0, clippedSamples: 0 });
const base = { microphones: [mic(1)], cameras: [], camerasChecked: false, cameraCount: 0, diskHours: 100, clockOffsetMs: 5, centralConfigured: true, backlogSegments: 0, backlogEvents: 0 };
const conf = (verdict: ConferenceResult['verdict'], expected: boolean): ConferenceResult => ({ device: 'conference.monitor', verdict, peakDb: -120, rmsDb: -120, expected });

/** Stereo s16le at 48 kHz: a 440 Hz sine of `amplitude` for `seconds`, on the left channel only. */
function stereo(seconds: number, amplitude: number): Buffer {
  const frames = seconds * 48000;
  const out = new Int16Array(frames * 2);
  for (let i = 0; i < frames; i++) out[i * 2] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 440 * i) / 48000));
  return Buffer.from(out.buffer);
}

describe('room test: the conference', () => {
  it('ok when a call plays sound (on either channel), silent on digital silence, unavailable when the device did not open', () => {
    const heard = (pcm: Buffer) => ({ device: 'conference.monitor', sampleRate: 48000, channels: 2, seconds: 3, pcm });
    const ok = conferenceVerdict(heard(stereo(3, 0.25)), true);
    expect(ok).toMatchObject({ device: 'conference.monitor', verdict: 'ok', expected: true });
    expect(ok.peakDb).toBeCloseTo(-12, 0);
    expect(ok.rmsDb).toBeCloseTo(-15, 0);
    expect(conferenceVerdict(heard(stereo(3, 0)), false)).toEqual({ device: 'conference.monitor', verdict: 'silent', peakDb: -120, rmsDb: -120, expected: false });
    expect(conferenceVerdict({ device: 'gone.monitor', error: new HattamaError('recording.deviceNotFound', { device: 'gone.monitor' }) }, true)).toEqual({ device: 'gone.monitor', verdict: 'unavailable', peakDb: -120, rmsDb: -120, expected: true });
  });

  it('is never a failure when no remote participant is expected: silent says nothing, unavailable is a note', () => {
    expect(readiness({ ...base, conference: conf('silent', false) })).toEqual({ ready: true, reasons: [], notes: [] });
    expect(readiness({ ...base, conference: conf('ok', false) })).toEqual({ ready: true, reasons: [], notes: [] });
    expect(readiness({ ...base, conference: conf('unavailable', false) })).toEqual({ ready: true, reasons: [], notes: [{ code: 'conference.unavailableNote', params: { device: 'conference.monitor' } }] });
  });

  it('keeps the room from ready when a remote participant is expected and the conference is silent or unavailable', () => {
    expect(readiness({ ...base, conference: conf('ok', true), remoteExpected: true })).toEqual({ ready: true, reasons: [], notes: [] });
    expect(readiness({ ...base, conference: conf('silent', true), remoteExpected: true })).toEqual({ ready: false, reasons: [{ code: 'conference.silent', params: { device: 'conference.monitor' } }], notes: [] });
    expect(readiness({ ...base, conference: conf('unavailable', true), remoteExpected: true }).reasons.map((r) => r.code)).toEqual(['conference.unavailable']);
  });

  it('without a conference device: no failure; a note when a remote participant is expected', () => {
    expect(readiness({ ...base, conference: null })).toEqual({ ready: true, reasons: [], notes: [] });
    expect(readiness({ ...base, conference: null, remoteExpected: true })).toEqual({ ready: true, reasons: [], notes: [{ code: 'conference.notConfigured', params: {} }] });
  });

  it('a result written before the conference was heard still parses; one with it keeps it', () => {
    const old = recordRoomTest(tempDir());
    expect('conference' in old).toBe(false);
    expect(RoomTestSchema.parse(JSON.parse(JSON.stringify(old))).conference).toBeUndefined();
    expect(RoomTestSchema.parse({ ...old, conference: conf('silent', true) }).conference).toEqual(conf('silent', true));
    expect(RoomTestSchema.safeParse({ ...old, conference: { ...conf('silent', true), verdict: 'loud' } }).success).toBe(false);
  });
});
