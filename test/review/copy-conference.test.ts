import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CopyResult } from '../../common/contract/review';
import type { Core } from '../../main/core/core';
import type { CallContext } from '../../main/runtime/handlers';
import { readSessionFiles } from '../../main/evidence/session-reader';
import { readPublicKey } from '../../main/keys/station-key';
import { planCopy } from '../../main/review/copy-plan';
import { verifyReceipt, type CopyReceipt } from '../../main/review/copy-receipt';
import { openTestCore, signInAs } from '../support/core';
import { missingTools, tempDir } from '../support/tools';
import { pcm, writeConferenceSession } from './conference-fixture';

// The conference track in a participants' copy, through the core's review.copy. Session C (12 s,
// 3-second segments): 440 Hz on microphone 1; the conference (2 channels) 1 kHz, but 1.5 kHz
// inside 3–5 s, which is sealed; its third segment (6–9 s) was never written. Session D (3 s):
// microphones only, 440 Hz. The copy: C 0–3 s, the card (0.8 s), C 5–12 s, D. Both tones in
// the copy at comparable loudness, the conference's where it was recorded and in its place
// after the lost segment; silence on the card; the sealed 1.5 kHz nowhere; 440 Hz through the
// conference's lost stretch. Session E (3 s): both loud (0.9 each) at once: no clipping, both
// still heard. The receipt names the tracks mixed per session.

const skip = missingTools('ffmpeg', 'ffprobe', 'sox');
const RATE = 16000;
const C = '20261201T060000Z-cnf0c1';
const D = '20261201T063000Z-cnf0d2';
const E = '20261201T064500Z-cnf0e3';

let core: Core | null;
let judge: CallContext;
let hearingId: number;

const tone = (hz: number, amp: number, frame: number) => amp * Math.sin((2 * Math.PI * hz * frame) / RATE);
const mic440 = (from: number, count: number) => pcm(2, from, count, (f, c) => (c === 0 ? tone(440, 0.3, f) : 0));
// Both sides of the conference alike, as an app plays one voice: averaged, 0.3 in the copy.
const conference = (from: number, count: number) => pcm(2, from, count, (f) => (f >= 3 * RATE && f < 5 * RATE ? tone(1500, 0.3, f) : tone(1000, 0.3, f)));

/** sox's RMS amplitude of a stretch of a WAV, optionally band-passed around one frequency. */
function rms(wav: string, fromS: number, lenS: number | null, band?: [number, number]): number {
  const r = spawnSync('sox', [wav, '-n', 'trim', String(fromS), ...(lenS === null ? [] : [String(lenS)]), ...(band ? ['sinc', `${band[0]}-${band[1]}`] : []), 'stat'], { encoding: 'utf8' });
  const m = /RMS\s+amplitude:\s+([\d.]+)/.exec(r.stderr);
  if (!m) throw new Error(r.stderr);
  return Number(m[1]);
}

/** sox's largest absolute sample of a stretch, 0–1 (1: clipped). */
function peak(wav: string, fromS: number, lenS: number): number {
  const r = spawnSync('sox', [wav, '-n', 'trim', String(fromS), String(lenS), 'stat'], { encoding: 'utf8' });
  const max = /Maximum\s+amplitude:\s+([-\d.]+)/.exec(r.stderr);
  const min = /Minimum\s+amplitude:\s+([-\d.]+)/.exec(r.stderr);
  if (!max || !min) throw new Error(r.stderr);
  return Math.max(Number(max[1]), -Number(min[1]));
}

/** A 3 s tone at the recorded amplitude, made by sox: what a band's RMS is measured against. */
function reference(hz: number): string {
  const out = path.join(tempDir(), `ref-${hz}.wav`);
  execFileSync('sox', ['-n', '-r', String(RATE), '-c', '1', '-b', '16', out, 'synth', '3', 'sine', String(hz), 'vol', '0.3']);
  return out;
}

const A440: [number, number] = [400, 480];
const K1: [number, number] = [950, 1050];
const K15: [number, number] = [1450, 1550];

describe.skipIf(skip)("the conference track in participants' copies", () => {
  beforeAll(async () => {
    core = await openTestCore();
    judge = await signInAs(core, 'Сейітова Ләззат', ['judge']);
    const staff = await signInAs(core, 'Сынақ Қызметкері', ['secretary']);
    const h = await core.call('protocol.createHearing', { caseNumber: '2-31/2026' }, staff);
    if (!h.ok) throw new Error(h.error.message);
    hearingId = (h.value as { id: number }).id;
    const common = { hearingId, segmentSeconds: 3, rate: RATE, micChannels: 2, mic: mic440, conference };
    await writeConferenceSession(core, { ...common, sessionId: C, seconds: 12, conferenceChannels: 2, lost: [3] });
    await writeConferenceSession(core, { ...common, sessionId: D, seconds: 3, conferenceChannels: 0 });
    const loud = (hz: number, channels: number) => (from: number, count: number) => pcm(channels, from, count, (f, c) => (c === 0 || hz === 1000 ? tone(hz, 0.9, f) : 0));
    await writeConferenceSession(core, { ...common, sessionId: E, seconds: 3, conferenceChannels: 2, mic: loud(440, 2), conference: loud(1000, 2) });
    const s = await core.call('review.seal', { sessionId: C, fromMs: 3000, toMs: 5000, reason: 'closedSession' }, judge);
    if (!s.ok) throw new Error(s.error.message);
  }, 120_000);
  afterAll(async () => {
    await core?.close();
  });

  it('plans the conference over the very frames of the microphones, and only where it was recorded', () => {
    const plan = planCopy([C, D, E].map((id) => readSessionFiles(core!.dataDir, id)!));
    const media = plan.parts.flatMap((p) => (p.kind === 'media' ? [p] : []));
    expect(media.map((p) => [p.session.sessionId, p.fromFrame, p.toFrame, p.conference?.segments.map((g) => g.index) ?? null])).toEqual([
      [C, 0, 3 * RATE, [1, 2, 4]],
      [C, 5 * RATE, 12 * RATE, [1, 2, 4]],
      [D, 0, 3 * RATE, null],
      [E, 0, 3 * RATE, [1]],
    ]);
    expect(plan.sessions.map((s) => s.audioTracks)).toEqual([['audio', 'conference'], ['audio'], ['audio', 'conference']]);
  });

  it('mixes both into the sound, cut around the seal, silence from the conference where it was lost', async () => {
    const r = await core!.call('review.copy', { hearingId }, judge);
    if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
    const copy = r.value as CopyResult;
    // Decoded as float: a peak past full scale shows as it is, not clipped by the decoding.
    const wav = path.join(tempDir(), 'copy.wav');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', copy.video.path, '-vn', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_f32le', wav]);
    // Copy time: C 0–3 s | card 3–3.8 | C 5–12 s at 3.8–10.8 (conference lost for C 6–9 s: 4.8–7.8) | D at 10.8–13.8.
    const m = {
      before: { mic: rms(wav, 0.5, 2, A440), conf: rms(wav, 0.5, 2, K1) },
      card: rms(wav, 3.15, 0.5),
      after: { mic: rms(wav, 3.9, 0.8, A440), conf: rms(wav, 3.9, 0.8, K1) },
      lost: { mic: rms(wav, 5, 2.6, A440), conf: rms(wav, 5, 2.6, K1) },
      back: { mic: rms(wav, 8, 2.6, A440), conf: rms(wav, 8, 2.6, K1) },
      micOnly: { mic: rms(wav, 11, 2.5, A440), conf: rms(wav, 11, 2.5, K1) },
      sealed: rms(wav, 0, null, K15),
      loud: { mic: rms(wav, 14.3, 2, A440), conf: rms(wav, 14.3, 2, K1), peak: peak(wav, 14.3, 2) },
    };
    // Each tone against the same tone at the recorded amplitude through the same band filter:
    // both voices at the level they were recorded (within 10 %), neither drowning the other.
    const ref = { mic: rms(reference(440), 0.5, 2, A440), conf: rms(reference(1000), 0.5, 2, K1) };
    const level = (x: { mic: number; conf: number }) => [x.mic / ref.mic, x.conf / ref.conf];
    for (const x of [m.before, m.after, m.back]) for (const k of level(x)) expect(Math.abs(k - 1)).toBeLessThan(0.1);
    expect(m.card).toBeLessThan(0.005);
    expect(m.lost.mic / ref.mic).toBeGreaterThan(0.9);
    expect(m.lost.conf / ref.conf).toBeLessThan(0.02);
    expect(m.micOnly.mic / ref.mic).toBeGreaterThan(0.9);
    expect(m.micOnly.conf / ref.conf).toBeLessThan(0.02);
    // Both loud at once (1.8 summed): held under full scale by the limiter, each brought down
    // alike (the 0.9 reference is 3 times the 0.3 one), so neither buries the other.
    expect(m.loud.peak).toBeLessThan(1);
    const [micLoud, confLoud] = [m.loud.mic / (3 * ref.mic), m.loud.conf / (3 * ref.conf)];
    expect(micLoud).toBeGreaterThan(0.4);
    expect(Math.abs(confLoud / micLoud - 1)).toBeLessThan(0.1);
    // Not one sealed conference sample: its 1.5 kHz is nowhere in the copy.
    expect(m.sealed).toBeLessThan(0.005);

    const receipt = JSON.parse(fs.readFileSync(copy.receipt.path, 'utf8')) as CopyReceipt;
    expect(receipt.sessions.map((s) => [s.sessionId, s.audioTracks])).toEqual([[C, ['audio', 'conference']], [D, ['audio']], [E, ['audio', 'conference']]]);
    expect(receipt.removed).toEqual([{ sessionId: C, fromMs: 3000, toMs: 5000 }]);
    expect(verifyReceipt(copy.receipt.path, readPublicKey(core!.dataDir))).toMatchObject({ signatureValid: true, keyTrusted: true, intact: true });
  }, 240_000);
});
