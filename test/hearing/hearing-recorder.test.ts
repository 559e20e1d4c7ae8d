import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Entry, Hearing } from '../../common/contract/protocol';
import type { Alarm, RecordingState } from '../../common/contract/recording';
import type { Core } from '../../main/core/core';
import { translator } from '../../main/i18n/translator';
import { openTestCore, staffOf } from '../support/core';
import { ensurePulse, PULSE_TOOLS, releasePulse, sleep } from '../support/pulse';
import { missingTools } from '../support/tools';

// The hearing drives the station's real recorder (PulseAudio room): whoever the client is, the
// core decides what the recorder does, and no door can move a hearing's recording behind it.

const skip = missingTools(...PULSE_TOOLS);
let core: Core | undefined;

async function call<T>(name: string, input: unknown): Promise<T> {
  const r = await core!.call(name, input, await staffOf(core!));
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
async function refusal(name: string, input: unknown): Promise<string> {
  const r = await core!.call(name, input, await staffOf(core!));
  if (r.ok) throw new Error(`${name} unexpectedly succeeded`);
  return r.error.code;
}
const hearing = (caseNumber: string) => call<Hearing>('protocol.createHearing', { caseNumber });
const log = (hearingId: number, kind: string, more: object = {}) => call<Entry>('protocol.logEntry', { hearingId, kind, ...more });

describe.skipIf(skip)('the hearing drives the recorder', () => {
  beforeAll(ensurePulse);
  afterAll(releasePulse);
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  it('a test recording gives way to the opening; another hearing cannot open while one records; only the hearing moves its recording', async () => {
    core = await openTestCore();
    const a = await hearing('2-10/2026');
    const b = await hearing('2-11/2026');
    const test = await call<RecordingState>('recording.start', { caseRef: 'room test' });
    expect(test).toMatchObject({ state: 'recording', hearingId: null });

    await log(a.id, 'opened');
    const onA = await call<RecordingState>('recording.state', { hearingId: a.id });
    expect(onA).toMatchObject({ state: 'recording', hearingId: String(a.id) });
    expect(onA.sessionId).not.toBe(test.sessionId);
    // Hearing B sees no recording of its own, and cannot open while A records.
    expect(await call<RecordingState>('recording.state', { hearingId: b.id })).toMatchObject({ state: 'idle', sessionId: null });
    expect(await refusal('protocol.logEntry', { hearingId: b.id, kind: 'opened' })).toBe('hearing.otherHearingRecording');
    expect((await call<{ hearing: Hearing }>('protocol.getHearing', { hearingId: b.id })).hearing.status).toBe('scheduled');
    // The recorder's own calls cannot stop, pause or resume a hearing's recording.
    expect(await refusal('recording.stop', {})).toBe('hearing.recordingFollowsHearing');
    expect(await refusal('recording.pause', { reason: 'recess' })).toBe('hearing.recordingFollowsHearing');
    expect(await refusal('recording.start', {})).toBe('hearing.recordingFollowsHearing');
    expect((await call<RecordingState>('recording.state', {})).state).toBe('recording');

    // Deliberation pauses it with no other call: a client that dies right after changes nothing.
    await sleep(800);
    await log(a.id, 'deliberation');
    expect(await call<RecordingState>('recording.state', {})).toMatchObject({ state: 'paused', pauseReason: 'deliberation' });
    await log(a.id, 'decision_announced');
    expect((await call<RecordingState>('recording.state', {})).state).toBe('recording');
    await log(a.id, 'closed');
    const done = await call<RecordingState>('recording.state', {});
    expect(done.state).toBe('stopped');
    expect(done.timeline.map((m) => m.type)).toEqual(['start', 'pause', 'resume', 'stop']);
    // Now B may open.
    await log(b.id, 'opened');
    expect(await call<RecordingState>('recording.state', { hearingId: b.id })).toMatchObject({ state: 'recording' });
  }, 60_000);

  it('an entry typed while the recorder starts waits for it and gets its position', async () => {
    core = await openTestCore();
    const h = await hearing('2-12/2026');
    const typed = new Date(Date.now() + 50).toISOString();
    const [opened, note] = await Promise.all([log(h.id, 'opened'), log(h.id, 'note', { text: 'бірінші сөз', startedAt: typed })]);
    expect(opened.recordingSessionId).not.toBeNull();
    expect(note.recordingSessionId).toBe(opened.recordingSessionId);
    expect(note.recordingPositionMs).not.toBeNull();
  }, 60_000);

  it('when the microphone fails the hearing still opens, an alarm says it is not recorded, and recording can be started once the device is back', async () => {
    core = await openTestCore();
    const audio = (await call<{ audio: Record<string, unknown> }>('settings.get', {})).audio;
    await call('settings.update', { patch: { audio: { ...audio, device: 'hw:99,0' } } });
    const h = await hearing('2-13/2026');
    const raised: Alarm[] = [];
    core.events.on('recording.alarm', (a) => raised.push(a));

    const opened = await log(h.id, 'opened');
    expect(opened.recordingPositionMs).toBeNull();
    expect((await call<{ hearing: Hearing }>('protocol.getHearing', { hearingId: h.id })).hearing.status).toBe('in_progress');
    const [alarm] = await call<Alarm[]>('app.alarms', {});
    expect(alarm).toMatchObject({ kind: 'notRecording', active: true, params: { hearingId: h.id } });
    expect(raised.map((a) => a.kind)).toEqual(['notRecording']);
    // The alarm reads as a sentence in each language, with the device's own error inside it.
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const text = translator(lang)(alarm!.code, alarm!.params);
      expect(text, lang).toContain('hw:99,0');
      expect(text, lang).not.toMatch(/\$t\(|\{\{|recording:/);
    }

    // A recess is logged while not recording; starting the recording then starts it paused.
    await log(h.id, 'recess');
    await call('settings.update', { patch: { audio } });
    const started = await call<RecordingState>('recording.start', { hearingId: h.id });
    expect(started).toMatchObject({ state: 'paused', pauseReason: 'recess', hearingId: String(h.id) });
    expect(await call<Alarm[]>('app.alarms', {})).toEqual([]);
    await log(h.id, 'resumed');
    expect((await call<RecordingState>('recording.state', { hearingId: h.id })).state).toBe('recording');
    await log(h.id, 'closed');
    expect(await refusal('recording.start', { hearingId: h.id })).toBe('hearing.closedOnlyAddendum');
  }, 60_000);
});
