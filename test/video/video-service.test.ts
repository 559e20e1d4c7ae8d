import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm } from '../../common/contract/recording';
import { calls } from '../../common/contract/index';
import { HattamaError } from '../../common/errors';
import { readChain } from '../../main/evidence/chain';
import { verifySession } from '../../main/evidence/verify';
import { leftoverParts } from '../../main/evidence/session-folder';
import { missingTools } from '../support/tools';
import { ffprobeDuration, openInput, openVideoHarness, sampleWebm, splitBytes, type VideoHarness } from './harness';

const skip = missingTools('ffmpeg', 'ffprobe');
let h: VideoHarness | undefined;
afterEach(() => {
  h?.video.shutdown();
  h?.db.close();
  h?.audit.stop();
  // video.status, video.control and the camera alarms must be what the contract says.
  const bad = h?.audit.bad ?? [];
  h = undefined;
  expect(bad).toEqual([]);
});

const b64 = (b: Buffer) => b.toString('base64');
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as HattamaError).code;
  }
  return 'no error';
};

describe.skipIf(skip)('video core: runs, chunks, segments in the session chain', () => {
  it('writes chunks in order (duplicates and early ones by seq), remuxes, chains, and verify passes', async () => {
    h = openVideoHarness();
    const sid = h.writer.sessionId;
    const { run } = h.video.open(openInput(sid));
    const parts = splitBytes(sampleWebm(), 8);
    // 0, 1, then 3 early, 2 (fills the hole), 2 again (a resend), then the rest.
    const order = [0, 1, 3, 2, 2, 4, 5, 6, 7];
    const acks = order.map((seq) => h!.video.chunk({ sessionId: sid, track: 'cam1', run, seq, data: b64(parts[seq]!) }));
    expect(acks.map((a) => a.acked)).toEqual([0, 1, 1, 3, 3, 4, 5, 6, 7]);
    expect(acks[4]!.duplicate).toBe(true);
    await h.video.close({ sessionId: sid, track: 'cam1', run, lastSeq: 7 });
    const manifest = await h.finish();

    const seg = manifest.segments.find((s) => s.track === 'cam1')!;
    expect(seg.file).toBe('cam1-000001.webm');
    expect(seg.remuxed).toBe(true);
    // One second of audio was recorded before the camera started.
    expect(seg.position).toBeGreaterThan(0.9);
    expect(seg.position).toBeLessThan(1.5);
    expect(seg.missingChunks).toBe(0);
    expect(seg.sourceBytes).toBe(sampleWebm().length);
    expect(seg.durationMs).toBeGreaterThan(3500);
    expect(Math.abs(ffprobeDuration(path.join(h.dir, seg.file)) - 4)).toBeLessThan(0.3);
    expect(manifest.tracks.find((t) => t.id === 'cam1')).toMatchObject({ kind: 'video', format: 'webm', mimeType: 'video/webm;codecs=vp8', role: 'judge' });
    expect(manifest.durations.cam1).toBeGreaterThan(3.5);
    expect(leftoverParts(h.dir)).toEqual([]);
    const v = verifySession(h.dir);
    expect(v.findings.filter((f) => f.severity === 'error')).toEqual([]); // notes only: the key that signed, no receipt yet
    expect(v.intact).toBe(true);
    // The remuxed file is what is hashed; changing it is found.
    fs.appendFileSync(path.join(h.dir, seg.file), 'x');
    expect(verifySession(h.dir).findings.map((f) => f.code)).toContain('changed');
  });

  it('rejects bad input with clear errors and the recording stays intact', async () => {
    h = openVideoHarness();
    const sid = h.writer.sessionId;
    const { run } = h.video.open(openInput(sid));
    const parts = splitBytes(sampleWebm(), 4);
    h.video.chunk({ sessionId: sid, track: 'cam1', run, seq: 0, data: b64(parts[0]!) });
    expect(codeOf(() => h!.video.chunk({ sessionId: sid, track: 'cam1', run, seq: 500, data: b64(parts[1]!) }))).toBe('video.badSequence');
    expect(codeOf(() => h!.video.chunk({ sessionId: sid, track: 'cam7', run, seq: 1, data: b64(parts[1]!) }))).toBe('video.unknownTrack');
    expect(codeOf(() => h!.video.chunk({ sessionId: sid, track: 'cam1', run: 99, seq: 1, data: b64(parts[1]!) }))).toBe('video.unknownTrack');
    expect(codeOf(() => h!.video.chunk({ sessionId: 'other', track: 'cam1', run, seq: 1, data: b64(parts[1]!) }))).toBe('video.wrongSession');
    expect(codeOf(() => h!.video.chunk({ sessionId: sid, track: 'cam1', run, seq: 1, data: b64(Buffer.alloc(5 * 1024 * 1024)) }))).toBe('video.chunkTooLarge');
    expect(codeOf(() => h!.video.chunk({ sessionId: sid, track: 'cam1', run, seq: 1, data: 'not base64!' }))).toBe('video.badBase64');
    expect(codeOf(() => h!.video.open(openInput(sid, 'cam1', { mimeType: 'video/mp4;codecs=avc1' })))).toBe('video.formatChanged');
    // The contract itself refuses what no handler should see.
    expect(calls['video.chunk'].input.safeParse({ sessionId: sid, track: 'camera-9', run, seq: 1, data: '' }).success).toBe(false);
    expect(calls['video.chunk'].input.safeParse({ sessionId: sid, track: 'cam1', run, seq: -1, data: '' }).success).toBe(false);
    expect(calls['video.chunk'].input.safeParse({ sessionId: sid, track: 'cam1', run, seq: 1, data: 'A'.repeat(9 * 1024 * 1024) }).success).toBe(false);
    // ... and the good chunks after the refusals go on where they were.
    for (let seq = 1; seq < parts.length; seq++) h.video.chunk({ sessionId: sid, track: 'cam1', run, seq, data: b64(parts[seq]!) });
    await h.video.close({ sessionId: sid, track: 'cam1', run, lastSeq: parts.length - 1 });
    expect(codeOf(() => h!.video.chunk({ sessionId: sid, track: 'cam1', run, seq: 9, data: '' }))).toBe('video.runClosed');
    const m = await h.finish();
    expect(m.segments.filter((s) => s.track === 'cam1')).toHaveLength(1);
    expect(verifySession(h.dir).intact).toBe(true);
    // After the session nothing is taken.
    expect(codeOf(() => h!.video.open(openInput(sid)))).toBe('video.notRecording');
  });

  it('a missing chunk is a recorded gap; a vanished UI closes the run, alarms, and the next run records the gap', async () => {
    h = openVideoHarness({ staleMs: 600, reorderMs: 300, syncMs: 100 });
    const alarms: Alarm[] = [];
    h.events.on('recording.alarm', (a) => alarms.push(a));
    const sid = h.writer.sessionId;
    const a = h.video.open(openInput(sid));
    const parts = splitBytes(sampleWebm(), 6);
    for (const seq of [0, 1, 3, 4]) h.video.chunk({ sessionId: sid, track: 'cam1', run: a.run, seq, data: b64(parts[seq]!) });
    // seq 2 never comes; then the UI goes away (no close).
    await new Promise((r) => setTimeout(r, 1500));
    expect(alarms.filter((x) => x.active).map((x) => [x.kind, x.params.track])).toEqual([['cameraLost', 'cam1']]);
    const b = h.video.open(openInput(sid));
    expect(alarms.at(-1)).toMatchObject({ kind: 'cameraLost', active: false });
    for (let seq = 0; seq < parts.length; seq++) h.video.chunk({ sessionId: sid, track: 'cam1', run: b.run, seq, data: b64(parts[seq]!) });
    await h.video.close({ sessionId: sid, track: 'cam1', run: b.run, lastSeq: parts.length - 1 });
    const m = await h.finish();
    const segs = m.segments.filter((s) => s.track === 'cam1');
    expect(segs.map((s) => [s.index, s.missingChunks, s.complete])).toEqual([
      [1, 1, false],
      [2, 0, true],
    ]);
    const gaps = m.timeline.filter((t) => t.type === 'gap' && t.track === 'cam1');
    expect(gaps.map((g) => g.reason)).toEqual(['video-chunks-missing:2-2', 'video-interrupted']);
    expect(gaps[1]!.gapMs).toBeGreaterThan(500);
    expect(verifySession(h.dir).intact).toBe(true);
    expect(readChain(path.join(h.dir, 'chain.jsonl')).problems).toEqual([]);
  });

  it('rotates with the audio, waits for the last chunks at stop, and stays out when paused', async () => {
    h = openVideoHarness();
    const controls: string[] = [];
    h.events.on('video.control', (c) => controls.push(c.action));
    const sid = h.writer.sessionId;
    const parts = splitBytes(sampleWebm(), 3);
    const a = h.video.open(openInput(sid));
    h.video.chunk({ sessionId: sid, track: 'cam1', run: a.run, seq: 0, data: b64(parts[0]!) });
    h.state('recording', 1);
    expect(controls).toEqual(['rotate']);
    const b = h.video.open(openInput(sid, 'cam1', { continues: a.run }));
    // The old run still takes its last chunks after the new one opened (overlap, no hole).
    for (const seq of [1, 2]) h.video.chunk({ sessionId: sid, track: 'cam1', run: a.run, seq, data: b64(parts[seq]!) });
    await h.video.close({ sessionId: sid, track: 'cam1', run: a.run, lastSeq: 2 });
    h.state('paused', 1);
    expect(codeOf(() => h!.video.open(openInput(sid, 'cam2')))).toBe('video.notRecording');
    h.state('recording', 1);
    // Stop: the UI is told, delivers its last chunks, closes; then the manifest is signed.
    const finishing = h.finish();
    await new Promise((r) => setTimeout(r, 100));
    expect(controls).toEqual(['rotate', 'stop']);
    for (let seq = 0; seq < parts.length; seq++) h.video.chunk({ sessionId: sid, track: 'cam1', run: b.run, seq, data: b64(parts[seq]!) });
    await h.video.close({ sessionId: sid, track: 'cam1', run: b.run, lastSeq: parts.length - 1 });
    const m = await finishing;
    expect(m.segments.filter((s) => s.track === 'cam1').map((s) => s.file)).toEqual(['cam1-000001.webm', 'cam1-000002.webm']);
    expect(verifySession(h.dir).intact).toBe(true);
  });
});

describe.skipIf(skip)('video recovery after the core died', () => {
  it('remuxes, hashes and chains the part files; the recovered session verifies', async () => {
    const { recoverAll } = await import('../../main/evidence/recovery/recover-all');
    const { testStationKey } = await import('../support/key-passphrase');
    const { createLogger } = await import('../../main/log/logger');
    h = openVideoHarness();
    const sid = h.writer.sessionId;
    const { run } = h.video.open(openInput(sid));
    const parts = splitBytes(sampleWebm(), 4);
    parts.forEach((p, seq) => h!.video.chunk({ sessionId: sid, track: 'cam1', run, seq, data: b64(p) }));
    (h.video as unknown as { tick(): void }).tick();
    await new Promise((r) => setTimeout(r, 100)); // the chain's queue
    // The process dies: nothing is closed, the lock goes stale.
    h.video.shutdown();
    h.writer.abandon();
    fs.rmSync(path.join(h.dir, '.lock'));
    const dataDir = path.dirname(path.dirname(h.dir));
    const { log } = createLogger(dataDir, { sync: true });
    const { recovered, problems } = await recoverAll({ dataDir, db: h.db, log, key: () => testStationKey(dataDir) });
    expect(problems).toEqual([]);
    expect(recovered).toHaveLength(1);
    const m = JSON.parse(fs.readFileSync(path.join(h.dir, 'manifest.json'), 'utf8')) as import('../../main/evidence/manifest').Manifest;
    const seg = m.segments.find((s) => s.track === 'cam1')!;
    expect(seg).toMatchObject({ file: 'cam1-000001.webm', recovered: true, remuxed: true, complete: false });
    expect(ffprobeDuration(path.join(h.dir, seg.file))).toBeGreaterThan(3.5);
    expect(leftoverParts(h.dir)).toEqual([]);
    expect(verifySession(h.dir).intact).toBe(true);
  });
});
