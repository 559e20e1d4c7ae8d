import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MicResult } from '../../common/contract/recording';
import { readiness } from '../../main/roomcheck/readiness';
import { lastRoomTest, pruneRoomTests, recentRoomTests, roomTestsDir, testChannelWav, writeTestAudio } from '../../main/roomcheck/room-test-store';
import { HattamaError } from '../../common/errors';
import { tempDir } from '../support/tools';

// Ready or not from the verdicts, the disk and the clock; and the test folders' 7 days.

const mic = (channel: number, verdict: MicResult['verdict'], over: Partial<MicResult> = {}): MicResult => ({
  channel, role: `ch${channel}`, verdict, duplicateOf: null, rmsDb: -20, peakDb: -3, noiseFloorDb: -70, snrDb: 40, humShare: 0, clippedSamples: 0, ...over,
});
const base = { microphones: [mic(1, 'ok')], cameras: [], camerasChecked: false, cameraCount: 0, diskHours: 100, clockOffsetMs: 5, centralConfigured: true, backlogSegments: 0, backlogEvents: 0 };

describe('room test: ready or not', () => {
  it('all ok, disk and clock fine: ready, no reasons', () => {
    expect(readiness(base)).toEqual({ ready: true, reasons: [], notes: [] });
  });

  it('each failing condition is a reason with its numbers', () => {
    const r = readiness({ ...base, microphones: [mic(1, 'ok'), mic(2, 'silent', { rmsDb: -120 }), mic(3, 'duplicate', { duplicateOf: 1 })], diskHours: 3.04, clockOffsetMs: -2500 });
    expect(r.ready).toBe(false);
    expect(r.reasons).toEqual([
      { code: 'silent', params: { channel: 2, role: 'ch2', rmsDb: -120 } },
      { code: 'duplicate', params: { channel: 3, role: 'ch3', of: 1 } },
      { code: 'diskLow', params: { hours: 3, min: 4 } },
      { code: 'clockOff', params: { ms: -2500, max: 2000 } },
    ]);
  });

  it('central offline, a backlog, cameras in the browser are notes, not reasons', () => {
    const r = readiness({ ...base, clockOffsetMs: null, backlogSegments: 120, backlogEvents: 7, cameraCount: 2 });
    expect(r.ready).toBe(true);
    expect(r.notes.map((n) => n.code)).toEqual(['camerasInBrowser', 'clockUnknown', 'backlog']);
    expect(readiness({ ...base, clockOffsetMs: null, centralConfigured: false }).notes.map((n) => n.code)).toEqual(['noCentral']);
  });

  const writeTest = (data: string, id: string, at: number, ready = true) => {
    fs.mkdirSync(path.join(roomTestsDir(data), id), { recursive: true });
    const result = { id, at: new Date(at).toISOString(), folder: `roomtests/${id}`, device: 'default', sampleRate: 48000, seconds: 10, microphones: [], cameras: [], camerasChecked: false, diskHours: 10, syncBacklog: { events: 0, segments: 0, bytes: 0 }, clockOffsetMs: null, ready, reasons: [], notes: [] };
    fs.writeFileSync(path.join(roomTestsDir(data), id, 'result.json'), JSON.stringify(result));
  };
  const day = 86_400_000;
  const now = Date.parse('2026-12-01T10:00:00Z');

  it('test folders older than 7 days are deleted; the newest come first', () => {
    const data = tempDir();
    writeTest(data, 'rt-20261120T100000Z-aaaaaa', now - 11 * day);
    writeTest(data, 'rt-20261125T100000Z-bbbbbb', now - 6 * day);
    writeTest(data, 'rt-20261130T100000Z-cccccc', now - day);
    expect(pruneRoomTests(data, now)).toEqual(['rt-20261120T100000Z-aaaaaa']);
    expect(recentRoomTests(data).map((r) => r.id)).toEqual(['rt-20261130T100000Z-cccccc', 'rt-20261125T100000Z-bbbbbb']);
  });

  it('the last test counts for 4 hours when it passed; a later failed one does not undo an earlier pass', () => {
    const data = tempDir();
    expect(lastRoomTest(data, 4, now)).toEqual({ test: null, validHours: 4, lastPassedAt: null, valid: false });
    writeTest(data, 'rt-20261201T050000Z-aaaaaa', now - 5 * 3_600_000);
    expect(lastRoomTest(data, 4, now).valid).toBe(false);
    writeTest(data, 'rt-20261201T080000Z-bbbbbb', now - 2 * 3_600_000);
    writeTest(data, 'rt-20261201T093000Z-cccccc', now - 1_800_000, false);
    const last = lastRoomTest(data, 4, now);
    expect(last.test?.id).toBe('rt-20261201T093000Z-cccccc');
    expect(last).toMatchObject({ valid: true, lastPassedAt: new Date(now - 2 * 3_600_000).toISOString() });
  });

  it('plays back one channel of a test as a mono WAV; an unknown test or channel is a clear error', () => {
    const data = tempDir();
    const pcm = Buffer.alloc(3 * 2 * 100);
    for (let i = 0; i < 100; i++) for (let c = 0; c < 3; c++) pcm.writeInt16LE((c + 1) * 1000 + i, (i * 3 + c) * 2);
    writeTestAudio(data, 'rt-x', pcm, { channels: 3, sampleRate: 16000 });
    const wav = testChannelWav(data, 'rt-x', 2);
    expect(wav.readUInt16LE(22)).toBe(1);
    expect(wav.readUInt32LE(24)).toBe(16000);
    const samples = Array.from({ length: 100 }, (_, i) => wav.readInt16LE(44 + i * 2));
    expect(samples).toEqual(Array.from({ length: 100 }, (_, i) => 2000 + i));
    expect(() => testChannelWav(data, 'rt-x', 4)).toThrow(expect.objectContaining({ code: 'roomcheck.noSuchChannel' }) as HattamaError);
    expect(() => testChannelWav(data, 'rt-../../keys', 1)).toThrow(expect.objectContaining({ code: 'roomcheck.testNotFound' }) as HattamaError);
  });
});
