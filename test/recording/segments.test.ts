import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingState } from '../../common/contract/recording';
import { readChain } from '../../main/evidence/chain';
import { verifySession } from '../../main/evidence/verify';
import { openTestCore, staffOf } from '../support/core';
import { concatPcm, ensurePulse, playRoom, PULSE_TOOLS, readWav, releasePulse, roomRaw, sleep, stopPlayers, toneWav } from '../support/pulse';
import { openService, signalCaptureWhileRecording, type ServiceHarness } from '../support/recording';
import { missingTools } from '../support/tools';

const skip = missingTools(...PULSE_TOOLS);
const RATE = 48000;

let h: ServiceHarness | undefined;
afterEach(async () => {
  stopPlayers();
  await h?.close();
  h = undefined;
});

describe.skipIf(skip)('recording: segments, state machine, capture restarts', () => {
  beforeAll(ensurePulse);
  afterAll(releasePulse);

  it('rolls segments over at the configured length without losing or repeating a sample', async () => {
    const freq = 440;
    const tone = playRoom(roomRaw(toneWav(freq, 10), [1]));
    await sleep(400);
    h = await openService();
    await h.service.start({}, { channels: 8, segmentSeconds: 1 });
    const capture = h.service.currentCapture!;
    await sleep(3500);
    const summary = await h.service.stopWithSummary();
    tone.stop();

    // Every frame the capture delivered is in the segments, once.
    expect(summary.segments.reduce((a, s) => a + s.frames, 0)).toBe(capture.frames);
    expect(summary.segments.length).toBeGreaterThanOrEqual(4);
    for (const s of summary.segments.slice(0, -1)) expect(s.frames).toBe(RATE);
    // The capture's own clock against the wall clock (jitter of pipe reads, not speed).
    const wallSec = (capture.lastDataAt - capture.startWallMs!) / 1000;
    expect(Math.abs(capture.frames / RATE - wallSec)).toBeLessThan(0.3);

    // The chain places each segment right after the previous one on the timeline.
    const chain = readChain(path.join(summary.folder, 'chain.jsonl'));
    expect(chain.problems).toEqual([]);
    const segs = chain.entries.flatMap((e) => (e.type === 'segment' ? [e.segment] : []));
    let pos = 0;
    for (const s of segs) {
      expect(s.startFrame).toBe(pos);
      pos += s.frames!;
    }

    // A continuous sine stays continuous across every boundary: a dropped or repeated sample
    // would break the recurrence x[n] = 2cos(w) x[n-1] - x[n-2] by hundreds of LSB.
    const parts = summary.segments.map((s) => readWav(path.join(summary.folder, s.file)));
    const all = concatPcm(parts);
    const x = (n: number) => all.samples[n * 8]!;
    const c2 = 2 * Math.cos((2 * Math.PI * freq) / RATE);
    let boundary = 0;
    for (const p of parts.slice(0, -1)) {
      boundary += p.frames;
      for (let n = boundary - 2; n <= boundary + 2; n++) {
        expect(Math.abs(x(n)) + Math.abs(x(n - 1)), 'tone present at the boundary').toBeGreaterThan(100);
        expect(Math.abs(x(n) - (c2 * x(n - 1) - x(n - 2))), `residual at frame ${n} (boundary ${boundary})`).toBeLessThan(40);
      }
    }
    expect(verifySession(summary.folder).intact).toBe(true);
  });

  it('goes idle -> recording -> paused -> recording -> stopped through the contract, every transition on the timeline', async () => {
    const core = await openTestCore();
    try {
      await core.settings.update({ audio: { channels: 4 } });
      const states: RecordingState[] = [];
      core.events.on('recording.state', (s) => states.push(s));
      let levels = 0;
      core.events.on('recording.levels', (l) => {
        levels += 1;
        expect(l.channels).toHaveLength(4);
      });
      const call = async (name: string, input: unknown = {}) => core.call(name, input, await staffOf(core));

      const idle = await call('recording.state');
      expect(idle.ok && (idle.value as RecordingState).state).toBe('idle');
      expect(await call('recording.pause', { reason: 'recess' })).toMatchObject({ ok: false, error: { code: 'recording.notRecording' } });
      expect(await call('recording.pause', { reason: 'lunch' })).toMatchObject({ ok: false, error: { code: 'app.invalidInput' } });

      const started = await call('recording.start', { caseRef: '2-77/2025' });
      expect(started).toMatchObject({ ok: true, value: { state: 'recording', caseRef: '2-77/2025' } });
      expect(await call('recording.start', {})).toMatchObject({ ok: false, error: { code: 'recording.alreadyRecording' } });
      expect(await call('recording.resume')).toMatchObject({ ok: false, error: { code: 'recording.notPaused' } });
      await sleep(1200);
      const paused = await call('recording.pause', { reason: 'deliberation' });
      expect(paused).toMatchObject({ ok: true, value: { state: 'paused', pauseReason: 'deliberation' } });
      const pausedAt = (paused as { value: RecordingState }).value.position;
      await sleep(1000);
      // Nothing is recorded during a pause.
      const still = await call('recording.state');
      expect((still as { value: RecordingState }).value.position).toBe(pausedAt);
      expect(await call('recording.resume')).toMatchObject({ ok: true, value: { state: 'recording' } });
      await sleep(1000);
      const stopped = await call('recording.stop');
      expect(stopped.ok).toBe(true);
      const st = (stopped as { value: RecordingState }).value;
      expect(st.state).toBe('stopped');
      expect(st.timeline.map((t) => t.type)).toEqual(['start', 'pause', 'resume', 'stop']);
      expect(st.timeline[1]).toMatchObject({ reason: 'deliberation', position: pausedAt });
      expect(st.timeline[2]!.position).toBe(pausedAt);
      expect(st.timeline[3]!.position).toBeGreaterThan(pausedAt + 0.5);
      for (const t of st.timeline) expect(Date.parse(t.at)).toBeGreaterThan(0);
      // The pause closed a segment: two segments, each one continuous stretch.
      expect(st.segments).toBe(2);
      expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['recording', 'paused', 'stopped']));
      expect(levels).toBeGreaterThanOrEqual(25); // >= 10 Hz over ~3.2 s of capture
      const v = verifySession(path.join(core.dataDir, st.folder!));
      expect(v.findings.filter((f) => f.severity === 'error')).toEqual([]);
      // Closed files were announced to central through the outbox, once each.
      const rows = core.db.prepare("SELECT payload FROM outbox WHERE kind = 'segment' AND ref = ?").all(st.sessionId) as Array<{ payload: string }>;
      const files = rows.map((r) => JSON.parse(r.payload) as { track: string; file: string; sha256: string; bytes: number });
      expect(files.filter((f) => f.track === 'audio')).toHaveLength(2);
      expect(files.map((f) => f.track)).toEqual(expect.arrayContaining(['chain', 'manifest']));
      for (const f of files) expect(fs.statSync(path.join(core.dataDir, f.file)).size).toBe(f.bytes);
    } finally {
      await core.close();
    }
  });

  it('restarts a capture that dies within a second and puts the gap on the timeline', async () => {
    const run = await signalCaptureWhileRecording('SIGKILL');
    h = run.h;
    const { alarms, victim, signalledAt: killedAt } = run;
    // Detected and restarted within a second.
    const restarted = alarms.find((a) => a.kind === 'captureRestarted');
    expect(restarted).toBeDefined();
    expect(restarted!.at - killedAt).toBeLessThan(1000);
    expect(alarms.find((a) => a.kind === 'captureLost' && a.active)).toBeDefined();
    expect(h.service.currentCapture).not.toBe(victim);
    await sleep(1000);
    const summary = await h.service.stopWithSummary();
    const gap = summary.timeline.find((t) => t.type === 'gap');
    expect(gap).toMatchObject({ reason: 'capture-restarted' });
    expect(gap!.gapMs).toBeLessThan(1000);
    expect(summary.segments.length).toBe(2);
    expect(summary.alarms.map((a) => a.kind)).toEqual(expect.arrayContaining(['captureLost', 'captureRestarted']));
    expect(verifySession(summary.folder).intact).toBe(true);
  });
});
