import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm, Levels } from '../../common/contract/recording';
import { followRemotePresence } from '../../main/hearing/remote-presence';
import { createLogger } from '../../main/log/logger';
import { createProtocolStore } from '../../main/protocol/module';
import { PULSE_TOOLS, toneWav } from '../support/pulse';
import { playConference } from '../support/pulse-conference';
import { ownPulse, until } from '../support/pulse-own';
import { openService } from '../support/recording';
import { missingTools } from '../support/tools';

// The conference track watched live, on a real PulseAudio with the conference null sink: its
// levels reach the console with the microphones' while a tone plays into it, and its silence is
// an alarm only while the roster has a participant attending remotely (the protocol store tells
// the recorder through the hearing layer's follower), cleared by sound or by nobody remote.

const skip = missingTools(...PULSE_TOOLS);
const SILENT_MS = 3000;

describe.skipIf(skip)('recording: the conference live', () => {
  const pulse = ownPulse();
  beforeAll(() => pulse.start(), 60_000);
  afterAll(() => pulse.stop());

  it('carries the conference levels in recording.levels; raises conferenceSilent only while a participant attends remotely, and clears it', async () => {
    const h = await openService({ conferenceSilentMs: SILENT_MS });
    const { log } = createLogger(h.dir, { sync: true });
    const store = createProtocolStore({ db: h.db, settings: h.settings, events: h.events });
    const hearing = store.createHearing({ caseNumber: '2-21/2026', source: 'adhoc' });
    const witness = store.addParticipant({ hearingId: hearing.id, name: 'Серікбаев Нұрлан', role: 'witness', attendance: 'present' });
    const off = followRemotePresence({ events: h.events, store, recorder: h.service, log });
    const levels: Levels[] = [];
    const alarms: Alarm[] = [];
    h.events.on('recording.levels', (l) => levels.push(l));
    h.events.on('recording.alarm', (a) => a.kind === 'conferenceSilent' && alarms.push(a));
    let tone = playConference(toneWav(440, 8, 0.3), 8);
    try {
      await h.service.start({ hearingId: hearing.id }, { conferenceDevice: 'conference.monitor', channels: 8 });
      const loud = (l: Levels) => (l.conference ?? []).some((c) => c.rmsDb > -30);
      await until('conference levels with the tone', () => levels.some(loud));
      const l = levels.find(loud)!;
      expect(l.channels).toHaveLength(8);
      expect(l.conference!.map((c) => [c.channel, c.role])).toEqual([
        [1, 'conference-left'],
        [2, 'conference-right'],
      ]);
      // A sine at 0.3 of full scale: about −13 dBFS RMS (−10.5 peak) on both channels.
      for (const c of l.conference!) expect(c.rmsDb).toBeGreaterThan(-16);
      // The room's microphones are silent: the conference is not in them.
      for (const c of l.channels) expect(c.rmsDb).toBeLessThan(-80);
      tone.stop();

      // Nobody attends remotely: twice the threshold of conference silence raises nothing.
      const quietFrom = levels.length;
      await until('conference silence', () => levels.slice(quietFrom).some((x) => x.conference?.every((c) => c.rmsDb < -90)));
      const silentAt = levels.at(-1)!.position;
      await until('twice the threshold of recorded time', () => levels.at(-1)!.position >= silentAt + (2 * SILENT_MS) / 1000);
      expect(alarms).toEqual([]);

      // The witness attends remotely: the silence is an alarm after the threshold.
      store.updateParticipant({ participantId: witness.id, attendance: 'remote', via: 'videoconference' });
      await until('conferenceSilent raised', () => alarms.some((a) => a.active));
      expect(alarms[0]).toMatchObject({ kind: 'conferenceSilent', active: true, channel: null, code: 'recording:alarms.conferenceSilent', params: { device: 'conference.monitor', seconds: SILENT_MS / 1000 } });

      // Present in the courtroom after all: the alarm is over at once.
      store.updateParticipant({ participantId: witness.id, attendance: 'present' });
      expect(alarms.map((a) => a.active)).toEqual([true, false]);
      expect(alarms[1]!.code).toBe('recording:alarms.conferenceSilentCleared');

      // Remote again, silent again: raised; the call's sound back: cleared.
      store.updateParticipant({ participantId: witness.id, attendance: 'remote' });
      await until('conferenceSilent raised again', () => alarms.length === 3);
      tone = playConference(toneWav(440, 5, 0.3), 5);
      await until('conferenceSilent cleared by sound', () => alarms.length === 4);
      expect(alarms.map((a) => a.active)).toEqual([true, false, true, false]);
      await h.service.stop();
      expect(alarms).toHaveLength(4);
    } finally {
      tone.stop();
      off();
      await h.close();
    }
  }, 90_000);
});
