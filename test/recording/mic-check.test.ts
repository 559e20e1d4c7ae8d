import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MicCheck } from '../../common/contract/recording';
import type { Core } from '../../main/core/core';
import { openTestCore, staffOf } from '../support/core';
import { ensurePulse, playSpeech, PULSE_TOOLS, releasePulse, sleep } from '../support/pulse';
import { missingTools } from '../support/tools';

const skip = missingTools(...PULSE_TOOLS);

// The technician's microphone check through the contract, on the real 8-channel room.
describe.skipIf(skip)('recording.check (technician microphone check)', () => {
  let core: Core;
  beforeAll(ensurePulse);
  afterAll(releasePulse);
  afterEach(async () => core?.close());

  it('names the live and the silent channels, streams levels, and writes no session', async () => {
    core = await openTestCore();
    const levels: number[] = [];
    core.events.on('recording.levels', (l) => l.sessionId === null && levels.push(l.channels.length));
    const player = playSpeech([3, 6], 6);
    await sleep(300);
    const r = await core.call('recording.check', { seconds: 3 }, await staffOf(core));
    player.stop();
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const check = (r as { value: MicCheck }).value;
    expect(check.seconds).toBeCloseTo(3, 1);
    expect(check.channels.map((c) => c.verdict)).toEqual(['silent', 'silent', 'ok', 'silent', 'silent', 'ok', 'silent', 'silent']);
    expect(check.channels[2]!.role).toBe('defence');
    // 10 windows a second, every channel in each.
    expect(levels.length).toBeGreaterThanOrEqual(25);
    expect(new Set(levels)).toEqual(new Set([8]));
    expect(fs.existsSync(path.join(core.dataDir, 'recordings')) ? fs.readdirSync(path.join(core.dataDir, 'recordings')) : []).toEqual([]);
  });

  it('gives way to a recording: start cancels a running check, and a check is refused while recording', async () => {
    core = await openTestCore();
    const check = core.call('recording.check', { seconds: 20 }, await staffOf(core));
    await sleep(1000);
    const started = await core.call('recording.start', { caseRef: '2-1/2026' }, await staffOf(core));
    expect(started.ok, JSON.stringify(started)).toBe(true);
    const c = await check;
    expect(!c.ok && c.error.code).toBe('recording.checkCancelled');
    const refused = await core.call('recording.check', { seconds: 2 }, await staffOf(core));
    expect(!refused.ok && refused.error.code).toBe('recording.alreadyRecording');
    const stopped = await core.call('recording.stop', {}, await staffOf(core));
    expect(stopped.ok).toBe(true);
  });

  it('an unknown device is a clear error', async () => {
    core = await openTestCore();
    await core.call('settings.update', { patch: { audio: { device: 'hw:9,9' }, language: 'en' } }, await staffOf(core));
    const r = await core.call('recording.check', { seconds: 2 }, await staffOf(core));
    expect(!r.ok && r.error.code).toBe('recording.deviceNotFound');
    expect(!r.ok && r.error.message).toMatch(/hw:9,9/);
  });
});
