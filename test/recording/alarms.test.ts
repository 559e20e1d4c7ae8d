import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Alarm } from '../../common/contract/recording';
import { alarmBoard } from '../../main/core/alarm-board';
import { verifySession } from '../../main/evidence/verify';
import { ensurePulse, playRoom, playSpeech, PULSE_TOOLS, releasePulse, roomRaw, sleep, stopPlayers, toneWav } from '../support/pulse';
import { openService, type ServiceHarness } from '../support/recording';
import { missingTools, tempDir } from '../support/tools';
import { mainsHum, pcmOf, silence, speechLike, square } from '../roomcheck/signals';

const skip = missingTools(...PULSE_TOOLS);

let h: ServiceHarness | undefined;
afterEach(async () => {
  stopPlayers();
  await h?.close();
  h = undefined;
});

async function waitFor(alarms: Alarm[], pred: (a: Alarm) => boolean, ms: number): Promise<Alarm | undefined> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const a = alarms.find(pred);
    if (a) return a;
    await sleep(100);
  }
  return alarms.find(pred);
}

describe.skipIf(skip)('recording: confidence monitoring alarms', () => {
  beforeAll(ensurePulse);
  afterAll(releasePulse);

  it('dead microphone, real 30 s threshold: speech on channel 1, nothing on channel 2 -> alarm for channel 2 only', async () => {
    const player = playSpeech([1], 40);
    await sleep(300);
    h = await openService();
    const alarms: Alarm[] = [];
    h.events.on('recording.alarm', (a) => alarms.push(a));
    const t0 = Date.now();
    await h.service.start({}, { channels: 2, roles: ['judge', 'witness'] });
    const dead = await waitFor(alarms, (a) => a.kind === 'deadMic' && a.active, 36_000);
    const after = (Date.now() - t0) / 1000;
    expect(dead).toMatchObject({ kind: 'deadMic', channel: 2, role: 'witness', code: 'recording:alarms.deadMic', active: true });
    expect(dead!.params.seconds).toBeGreaterThanOrEqual(30);
    expect(after).toBeGreaterThanOrEqual(29.5); // not before the threshold
    expect(alarms.filter((a) => a.kind === 'deadMic' && a.channel === 1)).toEqual([]);
    player.stop();
    const s = await h.service.stopWithSummary();
    expect(s.alarms.map((a) => [a.kind, a.channel])).toContainEqual(['deadMic', 2]);
  }, 60_000);

  it('shortened threshold: alarms for the silent channels, cleared when the mic comes back; clipping; levels >= 10 Hz', async () => {
    h = await openService({ monitor: { deadMicMs: 1500 } });
    const alarms: Alarm[] = [];
    const levelTimes: number[] = [];
    h.events.on('recording.alarm', (a) => alarms.push(a));
    h.events.on('recording.levels', (l) => levelTimes.push(l.at));
    const speech = playSpeech([1], 10);
    // 8 channels, as the room has: with fewer, PulseAudio would remix the room's channels.
    await h.service.start({}, { channels: 8 });
    const dead3 = await waitFor(alarms, (a) => a.kind === 'deadMic' && a.channel === 3 && a.active, 5000);
    expect(dead3).toBeDefined();
    const deadChannels = new Set(alarms.filter((a) => a.kind === 'deadMic' && a.active).map((a) => a.channel));
    expect(deadChannels.has(1)).toBe(false);
    // Channel 3 comes back, overdriven: the dead-mic alarm clears and clipping is raised.
    const loud = playRoom(roomRaw(toneWav(200, 3, 1, 'square'), [3]));
    const cleared = await waitFor(alarms, (a) => a.kind === 'deadMic' && a.channel === 3 && !a.active, 4000);
    expect(cleared).toMatchObject({ code: 'recording:alarms.deadMicCleared' });
    const clip = await waitFor(alarms, (a) => a.kind === 'clipping', 4000);
    expect(clip).toMatchObject({ channel: 3, active: true });
    loud.stop();
    speech.stop();
    const s = await h.service.stopWithSummary();
    const span = (levelTimes.at(-1)! - levelTimes[0]!) / 1000;
    expect(levelTimes.length / span).toBeGreaterThanOrEqual(9); // 10 Hz, allowing for timer jitter at the ends
    expect(verifySession(s.folder).intact).toBe(true);
  });

  it('continuous watch, real thresholds: a full-scale square wave on 4 is clipping, 50 Hz with harmonics on 6 is hum, within 30 s, on the board; both cleared when they stop', async () => {
    h = await openService();
    const board = alarmBoard(h.events);
    const alarms: Alarm[] = [];
    h.events.on('recording.alarm', (a) => alarms.push(a));
    await h.service.start({}, { channels: 8, roles: ['judge', 'prosecutor', 'defence', 'witness', 'secretary', 'plaintiff', 'defendant', 'expert'] });
    const room = path.join(tempDir('hattama-watch-'), 'room.raw');
    const pcm = pcmOf([speechLike(), silence, silence, square(440), silence, mainsHum(0.25), silence, silence], 20);
    fs.writeFileSync(room, Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
    const t0 = Date.now();
    const player = playRoom(room);
    const clip = await waitFor(alarms, (a) => a.kind === 'clipping' && a.active, 30_000);
    const hum = await waitFor(alarms, (a) => a.kind === 'hum' && a.active, 30_000 - (Date.now() - t0));
    expect((Date.now() - t0) / 1000).toBeLessThan(30);
    expect(clip).toMatchObject({ channel: 4, role: 'witness', code: 'recording:alarms.clipping' });
    expect(hum).toMatchObject({ channel: 6, role: 'plaintiff', code: 'recording:alarms.hum' });
    expect(hum!.params.percent).toBeGreaterThanOrEqual(50);
    expect(alarms.filter((a) => a.active && (a.kind === 'clipping' || a.kind === 'hum')).map((a) => [a.kind, a.channel])).toEqual([
      ['clipping', 4],
      ['hum', 6],
    ]);
    // What the secretary's console shows (app.alarms); the heartbeat carries the same bus alarms to central.
    expect(board.active().map((a) => a.key).sort()).toEqual(['clipping:4', 'hum:6']);
    player.stop();
    const t1 = Date.now();
    await waitFor(alarms, (a) => a.kind === 'hum' && !a.active, 15_000);
    await waitFor(alarms, (a) => a.kind === 'clipping' && !a.active, 15_000);
    expect((Date.now() - t1) / 1000).toBeLessThan(15);
    expect(board.active()).toEqual([]);
    const s = await h.service.stopWithSummary();
    expect(s.alarms.map((a) => [a.kind, a.channel])).toEqual([
      ['clipping', 4],
      ['hum', 6],
    ]);
    board.close();
  }, 60_000);

  it('low disk: the alarm fires when free space is below two hours at the current settings', async () => {
    h = await openService({ diskLowHours: 1e9 }); // any disk is "low" against a billion hours
    const alarms: Alarm[] = [];
    h.events.on('recording.alarm', (a) => alarms.push(a));
    await h.service.start({}, { channels: 1 });
    const low = alarms.find((a) => a.kind === 'diskLow');
    expect(low).toMatchObject({ active: true, code: 'recording:alarms.diskLow' });
    expect(typeof low!.params.hours).toBe('number');
    await h.service.stop();
  });
});
