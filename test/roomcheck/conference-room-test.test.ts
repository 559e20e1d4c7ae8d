import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoomTestEventSchema } from '../../common/sync-events';
import type { RoomTest } from '../../common/contract/recording';
import { createLogger } from '../../main/log/logger';
import { runRoomTest } from '../../main/roomcheck/room-test';
import { playSpeech, PULSE_TOOLS, sleep, toneWav } from '../support/pulse';
import { playConference } from '../support/pulse-conference';
import { ownPulse } from '../support/pulse-own';
import { openService, type ServiceHarness } from '../support/recording';
import { missingTools } from '../support/tools';

// The room test listens to the conference device beside the microphones (a real PulseAudio, the
// conference null sink): `ok` while a call plays a tone, `silent` without; neither changes ready
// when no participant is expected to attend remotely, and silence keeps the room from ready when
// one is. A device that cannot be opened is `unavailable`, a note only when nobody is expected.

const skip = missingTools(...PULSE_TOOLS);
const SECONDS = 3;

describe.skipIf(skip)('room test: the conference', () => {
  const pulse = ownPulse();
  let h: ServiceHarness;
  beforeAll(async () => {
    await pulse.start();
    h = await openService();
    // One microphone (the room's mix) with speech, so that only the conference decides.
    h.settings.update({ audio: { channels: 1, conferenceDevice: 'conference.monitor' } });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    pulse.stop();
  });

  async function roomTest(o: { tone: boolean; expected: boolean }): Promise<RoomTest> {
    const { log } = createLogger(h.dir, { sync: true });
    const room = playSpeech([1], SECONDS + 4);
    const conf = o.tone ? playConference(toneWav(440, SECONDS + 4, 0.3), SECONDS + 4) : null;
    try {
      await sleep(300);
      return await runRoomTest({ dataDir: h.dir, db: h.db, settings: () => h.settings.get(), log, recorder: h.service, version: 'test', remoteExpected: () => o.expected }, SECONDS);
    } finally {
      room.stop();
      conf?.stop();
    }
  }

  it('ok while a call plays sound; silent without, ready all the same when nobody is expected remotely; not ready when someone is', async () => {
    const playing = await roomTest({ tone: true, expected: false });
    console.log(JSON.stringify({ mics: playing.microphones.map((m) => m.verdict), conference: playing.conference, reasons: playing.reasons.map((r) => r.code) }));
    expect(playing.microphones.map((m) => m.verdict)).toEqual(['ok']);
    expect(playing.conference).toMatchObject({ device: 'conference.monitor', verdict: 'ok', expected: false });
    expect(playing.conference!.rmsDb).toBeGreaterThan(-20);
    expect(playing.ready).toBe(true);

    const silent = await roomTest({ tone: false, expected: false });
    expect(silent.conference).toMatchObject({ verdict: 'silent', expected: false });
    expect(silent.conference!.rmsDb).toBeLessThan(-90);
    expect(silent.ready).toBe(true);
    expect([...silent.reasons, ...silent.notes].map((r) => r.code).filter((c) => c.startsWith('conference'))).toEqual([]);

    const awaited = await roomTest({ tone: false, expected: true });
    expect(awaited.conference).toMatchObject({ verdict: 'silent', expected: true });
    expect(awaited.ready).toBe(false);
    expect(awaited.reasons.map((r) => r.code)).toEqual(['conference.silent']);
    // In the station's language (Kazakh by default), naming the device.
    expect(awaited.reasons[0]!.text).toMatch(/^Бейнеконференцбайланыстан \(conference\.monitor\) дыбыс жоқ/);

    const called = await roomTest({ tone: true, expected: true });
    expect(called.conference).toMatchObject({ verdict: 'ok', expected: true });
    expect(called.ready).toBe(true);

    // Central learns the verdict through the reason codes of its room.test event, as before.
    const sent = h.db.prepare("SELECT payload FROM outbox WHERE kind = 'room.test' AND ref = ?").get(awaited.id) as { payload: string };
    expect(RoomTestEventSchema.parse(JSON.parse(sent.payload)).reasons).toEqual(['conference.silent']);
  }, 120_000);

  it('a conference device that cannot be opened is unavailable: a note when nobody is expected remotely, a reason when someone is', async () => {
    h.settings.update({ audio: { conferenceDevice: 'nosuch.monitor' } });
    try {
      const t = await roomTest({ tone: false, expected: false });
      expect(t.microphones.map((m) => m.verdict)).toEqual(['ok']);
      expect(t.conference).toMatchObject({ device: 'nosuch.monitor', verdict: 'unavailable', expected: false });
      expect(t.ready).toBe(true);
      expect(t.notes.map((n) => n.code)).toContain('conference.unavailableNote');
      const e = await roomTest({ tone: false, expected: true });
      expect(e.ready).toBe(false);
      expect(e.reasons.map((r) => r.code)).toEqual(['conference.unavailable']);
    } finally {
      h.settings.update({ audio: { conferenceDevice: 'conference.monitor' } });
    }
  }, 120_000);
});
