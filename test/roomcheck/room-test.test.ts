import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomTest } from '../../common/contract/recording';
import Database from 'better-sqlite3';
import { seedStaffCli } from '../support/core';
import { CHANNEL_MAP, ensurePulse, playRoom, PULSE_TOOLS, readWav, releasePulse, ROOM_CHANNELS, ROOM_RATE, sleep, speechWav } from '../support/pulse';
import { missingTools, tempDir } from '../support/tools';

const skip = missingTools(...PULSE_TOOLS);
const bin = path.resolve(import.meta.dirname, '../../bin/hattama.js');

// The acceptance room of issue 14 through a real 8-channel PulseAudio room: speech on 1 and 3, a
// full-scale square wave on 4, 50 Hz hum with harmonics on 6, channel 7 wired to channel 1's
// signal, nothing on 2, 5 and 8. `hattama check --json` must say so, and not ready.
//
// This suite runs its own PulseAudio daemon (its own runtime folder), so another suite playing into
// the shared room cannot put its sound on these channels; the daemon is stopped at the end.

/** The eight channels of the room, `seconds` long, as s16le raw in the room's channel order. */
function acceptanceRoom(seconds: number): string {
  const a = readWav(speechWav('The court is in session. The witness will now answer the questions of the prosecutor.')).samples;
  const b = readWav(speechWav('Сот отырысы ашық деп жарияланады. Тараптардың құқықтары түсіндірілді.', 'kk')).samples;
  const frames = seconds * ROOM_RATE;
  const out = new Int16Array(frames * ROOM_CHANNELS);
  for (let i = 0; i < frames; i++) {
    const t = i / ROOM_RATE;
    const speech1 = a[i % a.length]!;
    const hum = 0.25 * (Math.sin(2 * Math.PI * 50 * t) + 0.5 * Math.sin(2 * Math.PI * 100 * t) + 0.3 * Math.sin(2 * Math.PI * 150 * t) + 0.2 * Math.sin(2 * Math.PI * 250 * t)) / 2;
    const row = [speech1, 0, b[i % b.length]!, Math.sin(2 * Math.PI * 440 * t) >= 0 ? 32767 : -32767, 0, Math.round(hum * 32767), speech1, 0];
    out.set(row, i * ROOM_CHANNELS);
  }
  const file = path.join(tempDir('hattama-acceptance-'), 'room.raw');
  fs.writeFileSync(file, Buffer.from(out.buffer));
  return file;
}

describe.skipIf(skip)('hattama check: the room test on a real 8-channel room', () => {
  const runtime = tempDir('hattama-pulse-');
  const before = process.env.PULSE_RUNTIME_PATH;
  beforeAll(async () => {
    process.env.PULSE_RUNTIME_PATH = runtime;
    await ensurePulse();
  }, 60_000);
  afterAll(() => {
    releasePulse();
    spawnSync('pulseaudio', ['--kill'], { env: { ...process.env, PULSE_RUNTIME_PATH: runtime } });
    if (before === undefined) delete process.env.PULSE_RUNTIME_PATH;
    else process.env.PULSE_RUNTIME_PATH = before;
  });

  it('says ok 1 and 3, clipping 4, hum 6, duplicate of 1 for 7, silent 2, 5 and 8, and not ready; the test stays out of the evidence', async () => {
    expect(CHANNEL_MAP.split(',')).toHaveLength(ROOM_CHANNELS);
    const data = tempDir('hattama-check-');
    const env = seedStaffCli(data);
    const player = playRoom(acceptanceRoom(40));
    await sleep(500);
    const r = spawnSync(process.execPath, [bin, '--lang', 'en', 'check', '--data', data, '--json'], { encoding: 'utf8', timeout: 90_000, env: { ...process.env, ...env } });
    player.stop();
    expect(r.status, r.stderr).toBe(1); // not ready
    const test = JSON.parse(r.stdout) as RoomTest;
    const byVerdict = (v: string) => test.microphones.filter((m) => m.verdict === v).map((m) => m.channel);
    console.log(test.microphones.map((m) => `${m.channel} ${m.verdict}${m.duplicateOf ? ` of ${m.duplicateOf}` : ''} rms ${m.rmsDb} peak ${m.peakDb} floor ${m.noiseFloorDb} snr ${m.snrDb} hum ${m.humShare}`).join('\n'));
    expect(byVerdict('ok')).toEqual([1, 3]);
    expect(byVerdict('clipping')).toEqual([4]);
    expect(byVerdict('hum')).toEqual([6]);
    expect(byVerdict('duplicate')).toEqual([7]);
    expect(test.microphones[6]!.duplicateOf).toBe(1);
    expect(byVerdict('silent')).toEqual([2, 5, 8]);
    expect(test.ready).toBe(false);
    expect(test.seconds).toBeCloseTo(10, 1);
    expect(test.reasons.map((x) => x.code).sort()).toEqual(['clipping', 'duplicate', 'hum', 'silent', 'silent', 'silent']);
    // Reasons carry their text in the station's language (Kazakh by default).
    expect(test.reasons.find((x) => x.code === 'duplicate')!.text).toMatch(/^7-арна \(Жауапкер\) 1-арнаның сигналын қайталайды/); // the role by its name, never its code
    // No central here: the clock is unknown, which is a note, not a reason.
    expect(test.clockOffsetMs).toBeNull();
    expect(test.notes.map((x) => x.code)).toContain('noCentral');

    // The test's audio is kept apart: in roomtests/, with all eight channels; no evidence session, nothing for central.
    const wav = readWav(path.join(data, test.folder, 'audio.wav'));
    expect(wav.channels).toBe(8);
    expect(wav.frames).toBe(10 * ROOM_RATE);
    expect(fs.existsSync(path.join(data, test.folder, 'result.json'))).toBe(true);
    expect(fs.existsSync(path.join(data, 'recordings')) ? fs.readdirSync(path.join(data, 'recordings')) : []).toEqual([]);
    const db = new Database(path.join(data, 'hattama.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM recording_sessions').get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'segment'").get()).toEqual({ n: 0 });
      // Only its verdict goes to central, once, as a room.test event (reason codes, no audio, no numbers).
      const sent = db.prepare("SELECT ref, payload FROM outbox WHERE kind = 'room.test'").all() as Array<{ ref: string; payload: string }>;
      expect(sent.map((r) => r.ref)).toEqual([test.id]);
      expect(JSON.parse(sent[0]!.payload)).toEqual({ id: test.id, at: test.at, ready: false, reasons: test.reasons.map((x) => x.code), hearingId: null });
    } finally {
      db.close();
    }

    // The same result in Kazakh, as the court's staff reads it.
    const kk = spawnSync(process.execPath, [bin, '--lang', 'kk', 'check', '--data', data, '--seconds', '3'], { encoding: 'utf8', timeout: 90_000, env: { ...process.env, ...env } });
    expect(kk.stdout).toMatch(/ЗАЛ ДАЙЫН ЕМЕС/);
    expect(kk.stdout).toMatch(/2-арна \(Прокурор\): үнсіз/);
  }, 180_000);
});
