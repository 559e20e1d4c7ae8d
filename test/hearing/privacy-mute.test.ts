import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyMuteResult } from '../../common/contract/hearing';
import type { BoardAlarm } from '../../common/contract/app';
import type { Entry, Hearing, HearingDetail } from '../../common/contract/protocol';
import type { RecordingState, TimelineEntry } from '../../common/contract/recording';
import type { ReviewSession } from '../../common/contract/review';
import type { Core } from '../../main/core/core';
import { findingText } from '../../main/cli/commands/record';
import type { Manifest } from '../../main/evidence/manifest';
import { verifySession } from '../../main/evidence/verify';
import { translator } from '../../main/i18n/translator';
import type { CallContext } from '../../main/runtime/handlers';
import { openTestCore, signInAs, STAFF_NAME, staffOf } from '../support/core';
import { concatPcm, ensurePulse, playRoom, PULSE_TOOLS, readWav, releasePulse, roomRaw, sleep, stopPlayers, toneWav, type Pcm } from '../support/pulse';
import { missingTools } from '../support/tools';

// The privacy mute, recorded for real from the PulseAudio room: one tone on channels 1-4, so that
// outside a mute channel 3 equals channel 1 sample for sample, and inside it is exact zeros, to
// the sample the chain's marks name. Every door meets the same rules in the core.

const skip = missingTools(...PULSE_TOOLS);
let core: Core | undefined;

async function as<T>(ctx: CallContext, name: string, input: unknown): Promise<T> {
  const r = await core!.call(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
const call = async <T>(name: string, input: unknown): Promise<T> => as<T>(await staffOf(core!), name, input);
async function refusal(name: string, input: unknown, ctx?: CallContext): Promise<{ code: string; message: string }> {
  const r = await core!.call(name, input, ctx ?? (await staffOf(core!)));
  if (r.ok) throw new Error(`${name} unexpectedly succeeded`);
  return { code: r.error.code, message: r.error.message };
}
const mute = (hearingId: number, channel: number, on = true) => call<PrivacyMuteResult>('hearing.privacyMute', { hearingId, channel, on });
const log = (hearingId: number, kind: string) => call<Entry>('protocol.logEntry', { hearingId, kind });
const entriesOf = async (hearingId: number) => (await call<HearingDetail>('protocol.getHearing', { hearingId })).entries;
const setLanguage = (language: 'kk' | 'ru') => call('settings.update', { patch: { language } });

function readSession(folder: string): { manifest: Manifest; pcm: Pcm } {
  const dir = path.join(core!.dataDir, folder);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const audio = manifest.segments.filter((s) => s.track === 'audio').sort((a, b) => a.index - b.index);
  return { manifest, pcm: concatPcm(audio.map((s) => readWav(path.join(dir, s.file)))) };
}

const at = (p: Pcm, frame: number, channel: number) => p.samples[frame * p.channels + channel - 1]!;

/** RMS of a channel over [from, to) in dBFS. */
function rmsDb(p: Pcm, channel: number, from: number, to: number): number {
  let sum = 0;
  for (let f = from; f < to; f++) sum += at(p, f, channel) ** 2;
  const rms = Math.sqrt(sum / Math.max(1, to - from));
  return rms <= 0 ? -120 : 20 * Math.log10(rms / 32768);
}

describe.skipIf(skip)('privacy mute of one microphone', () => {
  beforeAll(ensurePulse);
  afterAll(releasePulse);
  afterEach(async () => {
    stopPlayers();
    await core?.close();
    core = undefined;
  });

  it('channel 3 is exact zeros between its marks and the tone outside them; 1, 2 and 4 are untouched; the protocol, verify and the player say so; the rules refuse in words', async () => {
    core = await openTestCore();
    // Short segments: the mute runs across a segment boundary.
    await call('settings.update', { patch: { segmentSeconds: 5 } });
    const h = await call<Hearing>('protocol.createHearing', { caseNumber: '2-401/2026' });
    const player = playRoom(roomRaw(toneWav(441, 1), [1, 2, 3, 4], 40));
    await log(h.id, 'opened');
    await sleep(1500);

    const first = await mute(h.id, 3);
    expect(first.entry).toMatchObject({ kind: 'privacy_mute', author: STAFF_NAME });
    expect(first.recording.muted).toEqual([expect.objectContaining({ channel: 3, role: 'defence' })]);
    // Refusals: twice, a channel the recording does not have (in kk and in ru), a technician.
    const twice = await refusal('hearing.privacyMute', { hearingId: h.id, channel: 3, on: true });
    expect(twice.code).toBe('hearing.muteAlready');
    expect(twice.message).toMatch(/Қорғаушы|қорғау/i);
    const none = await refusal('hearing.privacyMute', { hearingId: h.id, channel: 99, on: true });
    expect(none.code).toBe('hearing.muteNoChannel');
    expect(none.message).toContain('99');
    expect(none.message).toContain('8');
    expect(none.message).not.toMatch(/[A-Za-z]/);
    await setLanguage('ru');
    const noneRu = await refusal('hearing.privacyMute', { hearingId: h.id, channel: 99, on: true });
    expect(noneRu.message).toMatch(/канала 99/);
    expect(noneRu.message).not.toMatch(/[A-Za-z]/);
    await setLanguage('kk');
    const technician = await signInAs(core, 'Техник Дыбысов', ['technician']);
    expect((await refusal('hearing.privacyMute', { hearingId: h.id, channel: 3, on: false }, technician)).code).toBe('auth.forbidden');
    // A protocol entry of the station's own kind is no person's to log by hand.
    expect((await refusal('protocol.logEntry', { hearingId: h.id, kind: 'privacy_unmute' })).code).toBe('hearing.systemKind');

    await sleep(2500);
    const back = await mute(h.id, 3, false);
    expect(back.recording.muted).toEqual([]);
    expect((await refusal('hearing.privacyMute', { hearingId: h.id, channel: 3, on: false })).code).toBe('hearing.muteNotMuted');
    await sleep(1500);
    await mute(h.id, 3);
    await sleep(1000);
    // Closing lifts the mute before the recording stops.
    await log(h.id, 'closed');
    player.stop();
    const closed = await refusal('hearing.privacyMute', { hearingId: h.id, channel: 3, on: true });
    expect(closed.code).toBe('hearing.closedOnlyAddendum');

    const state = await call<RecordingState>('recording.state', { hearingId: h.id });
    const { manifest, pcm } = readSession(state.folder!);
    const marks = manifest.timeline.filter((m) => m.type === 'mute' || m.type === 'unmute');
    expect(marks.map((m) => [m.type, m.channel, m.reason ?? null, m.by ?? null])).toEqual([
      ['mute', 3, null, STAFF_NAME],
      ['unmute', 3, 'manual', STAFF_NAME],
      ['mute', 3, null, STAFF_NAME],
      ['unmute', 3, 'closed', STAFF_NAME],
    ]);
    expect(manifest.timeline.map((m) => m.type).slice(-2)).toEqual(['unmute', 'stop']);
    const spans: Array<[number, number]> = [
      [marks[0]!.frame!, marks[1]!.frame!],
      [marks[2]!.frame!, marks[3]!.frame!],
    ];
    expect(pcm.channels).toBe(8);
    expect(spans[0]![1]).toBeGreaterThan(spans[0]![0] + 48000);
    expect(spans[1]![1]).toBeLessThanOrEqual(pcm.frames);
    // The tone is there, on all four, before, between and after the mutes.
    expect(rmsDb(pcm, 1, 0, pcm.frames)).toBeGreaterThan(-20);
    const inSpan = (f: number) => spans.some(([a, b]) => f >= a && f < b);
    let zeros = 0;
    let mismatches = 0;
    let untouched = 0;
    for (let f = 0; f < pcm.frames; f++) {
      const c1 = at(pcm, f, 1);
      if (at(pcm, f, 2) !== c1 || at(pcm, f, 4) !== c1) untouched++;
      if (inSpan(f)) {
        if (at(pcm, f, 3) === 0) zeros++;
      } else if (at(pcm, f, 3) !== c1) mismatches++;
    }
    const spanFrames = spans.reduce((n, [a, b]) => n + (b - a), 0);
    expect(zeros).toBe(spanFrames);
    expect(mismatches).toBe(0);
    expect(untouched).toBe(0);
    // To the sample: the last frame before each mark carries the tone, the first inside is zero.
    for (const [a, b] of spans) {
      expect(rmsDb(pcm, 1, a, b)).toBeGreaterThan(-20);
      expect(rmsDb(pcm, 3, a - 480, a)).toBeGreaterThan(-20);
      expect(at(pcm, a - 1, 3)).toBe(at(pcm, a - 1, 1));
      expect(at(pcm, a, 3)).toBe(0);
      expect(at(pcm, b - 1, 3)).toBe(0);
      if (b < pcm.frames) expect(at(pcm, b, 3)).toBe(at(pcm, b, 1));
    }
    // The other microphones are never silenced.
    for (const c of [1, 2, 4]) expect(rmsDb(pcm, c, spans[0]![0], spans[0]![1])).toBeGreaterThan(-20);

    // verify: intact, and it names each mute with its samples.
    const v = verifySession(path.join(core.dataDir, state.folder!));
    expect(v.intact).toBe(true);
    const notes = v.findings.filter((f) => f.code === 'privacyMute');
    expect(notes.map((f) => [f.params.channel, f.params.fromFrame, f.params.toFrame])).toEqual(spans.map(([a, b]) => [3, a, b]));
    const said = findingText(translator('kk'), notes[0]!);
    expect(said).toContain('3-арна');
    expect(said).toContain(String(spans[0]![0]));
    expect(said).not.toMatch(/\{\{|hearing:|recording:/);

    // The protocol: mute and unmute with the person, the time and the position of the mark.
    const entries = await entriesOf(h.id);
    const muteEntries = entries.filter((e) => e.kind === 'privacy_mute' || e.kind === 'privacy_unmute');
    expect(muteEntries.map((e) => e.kind)).toEqual(['privacy_mute', 'privacy_unmute', 'privacy_mute', 'privacy_unmute']);
    for (const [i, e] of muteEntries.entries()) {
      expect(e.author).toBe(STAFF_NAME);
      expect(e.recordingSessionId).toBe(state.sessionId);
      expect(e.recordingPositionMs).toBe(Math.round((marks[i]!.frame! / 48000) * 1000));
      expect(e.startedAt).toBe(marks[i]!.at);
      expect(e.text).toContain('№ 3');
      expect(e.text).toContain('Қорғаушы');
    }
    expect(muteEntries[3]!.text).toContain('отырыс жабылғанда');
    // The unmute at closing comes before the closing in the protocol.
    expect(entries.findIndex((e) => e.id === muteEntries[3]!.id)).toBeLessThan(entries.findIndex((e) => e.kind === 'closed'));

    // The judge's player gets the marks with channel and sample in the session's timeline.
    const [session] = await call<ReviewSession[]>('review.sessions', { hearingId: h.id });
    const player1 = session!.timeline.filter((m: TimelineEntry) => m.type === 'mute' || m.type === 'unmute');
    expect(player1.map((m) => [m.type, m.channel, m.frame])).toEqual(marks.map((m) => [m.type, m.channel, m.frame]));

    // Central learns of each, typed.
    const rows = core.db.prepare<[], { payload: string }>("SELECT payload FROM outbox WHERE kind = 'recording.mute' ORDER BY seq").all();
    expect(rows.map((r) => JSON.parse(r.payload) as { act: string; channel: number; frame: number; reason: string | null })).toEqual(
      marks.map((m) => expect.objectContaining({ act: m.type, channel: 3, frame: m.frame, reason: m.reason ?? null })),
    );
  }, 90_000);

  it('a mute lifts itself after settings.privacyMuteMinutes with an alarm; a recess lifts it; none while not recording, before the opening or in recess', async () => {
    core = await openTestCore();
    // 0.05 minute: three seconds on the real clock.
    await call('settings.update', { patch: { privacyMuteMinutes: 0.05 } });
    const h = await call<Hearing>('protocol.createHearing', { caseNumber: '2-402/2026' });
    expect((await refusal('hearing.privacyMute', { hearingId: h.id, channel: 2, on: true })).code).toBe('hearing.notOpen');
    playRoom(roomRaw(toneWav(441, 1), [1, 2, 3, 4], 40));
    await log(h.id, 'opened');
    await sleep(800);
    await mute(h.id, 2);
    let state = await call<RecordingState>('recording.state', { hearingId: h.id });
    for (let i = 0; i < 100 && state.muted.length > 0; i++) {
      await sleep(200);
      state = await call<RecordingState>('recording.state', { hearingId: h.id });
    }
    expect(state.muted).toEqual([]);
    const lifted = state.timeline.filter((m) => m.type === 'unmute');
    expect(lifted).toEqual([expect.objectContaining({ channel: 2, reason: 'auto' })]);
    expect(lifted[0]!.by).toBeUndefined();
    const alarms = await call<BoardAlarm[]>('app.alarms', {});
    const alarm = alarms.find((a) => a.kind === 'privacyMuteLifted');
    expect(alarm).toMatchObject({ channel: 2, active: true, code: 'hearing:privacyMute.alarm' });
    for (const lang of ['kk', 'ru'] as const) {
      const text = translator(lang)(alarm!.code, { ...alarm!.params, role: translator(lang)(`app:roles.${alarm!.role}`) });
      expect(text, lang).toContain('2');
      expect(text, lang).not.toMatch(/[A-Za-z]|\{\{/);
    }
    const auto = (await entriesOf(h.id)).filter((e) => e.kind === 'privacy_unmute');
    expect(auto).toHaveLength(1);
    expect(auto[0]!.text).toContain('өздігінен');

    // A recess lifts a mute before it pauses the recording; in recess nothing can be muted.
    await mute(h.id, 4);
    await log(h.id, 'recess');
    state = await call<RecordingState>('recording.state', { hearingId: h.id });
    expect(state).toMatchObject({ state: 'paused', muted: [] });
    const inRecess = await refusal('hearing.privacyMute', { hearingId: h.id, channel: 4, on: true });
    expect(inRecess.code).toBe('hearing.muteNotRecording');
    expect(inRecess.message).toContain('2-402/2026');
    expect(inRecess.message).not.toMatch(/[A-Za-z]/);
    await setLanguage('ru');
    expect((await refusal('hearing.privacyMute', { hearingId: h.id, channel: 4, on: true })).message).toMatch(/не записывается/);
    await setLanguage('kk');
    await log(h.id, 'resumed');
    await log(h.id, 'closed');
    // The hearing is over: the alarm of the mute that ran out is too.
    expect((await call<BoardAlarm[]>('app.alarms', {})).filter((a) => a.kind === 'privacyMuteLifted')).toEqual([]);
    // In the session's evidence the recess's unmute comes right before its pause.
    const { manifest } = readSession(state.folder!);
    expect(manifest.timeline.map((m) => [m.type, m.channel ?? null, m.reason ?? null])).toEqual([
      ['start', null, null],
      ['mute', 2, null],
      ['unmute', 2, 'auto'],
      ['mute', 4, null],
      ['unmute', 4, 'recess'],
      ['pause', null, 'recess'],
      ['resume', null, null],
      ['stop', null, null],
    ]);
    const kinds = (await entriesOf(h.id)).map((e) => e.kind);
    expect(kinds.filter((k) => k.startsWith('privacy_'))).toEqual(['privacy_mute', 'privacy_unmute', 'privacy_mute', 'privacy_unmute']);
    expect(kinds.indexOf('recess')).toBeGreaterThan(kinds.lastIndexOf('privacy_unmute'));
  }, 90_000);
});
