import { describe, expect, it } from 'vitest';
import type { RecordingState } from '../../common/contract/recording';
import { openStationDatabase } from '../../main/core/station-schema';
import { recordedHearingRemote, remoteExpected } from '../../main/hearing/remote-presence';
import { ProtocolStore } from '../../main/protocol/store';
import { tempDir } from '../support/tools';

// Who attends remotely, as the hearing layer tells the recorder and the room test: from the
// roster's attendance in the real protocol store (withdrawn lines and cancelled hearings do not count).

const HOUR = 3_600_000;

function station() {
  const db = openStationDatabase(tempDir('hattama-remote-'));
  return { db, store: new ProtocolStore(db) };
}

const recording = (hearingId: number | null, state: RecordingState['state'] = 'recording') => ({ state, hearingId: hearingId === null ? null : String(hearingId) }) as RecordingState;

describe('remote presence', () => {
  it('the hearing being recorded has a remote participant only while its roster says so', () => {
    const { db, store } = station();
    try {
      const h = store.createHearing({ caseNumber: '2-17/2026', source: 'adhoc' });
      const p = store.addParticipant({ hearingId: h.id, name: 'Серікбаев Нұрлан', role: 'witness', attendance: 'present' });
      expect(recordedHearingRemote(store, recording(h.id))).toBe(false);
      store.updateParticipant({ participantId: p.id, attendance: 'remote', via: 'videoconference' });
      expect(recordedHearingRemote(store, recording(h.id))).toBe(true);
      expect(recordedHearingRemote(store, recording(h.id, 'paused'))).toBe(true);
      // Not recording, or recording no hearing (a test recording): nobody is expected on a call.
      expect(recordedHearingRemote(store, recording(h.id, 'stopped'))).toBe(false);
      expect(recordedHearingRemote(store, recording(null))).toBe(false);
      store.withdrawParticipant({ participantId: p.id, reason: 'қате енгізілді' });
      expect(recordedHearingRemote(store, recording(h.id))).toBe(false);
    } finally {
      db.close();
    }
  });

  it('the room test expects a remote participant for an open hearing or one starting within the validity of a test, not later, not cancelled', () => {
    const { db, store } = station();
    try {
      const now = Date.now();
      const at = (ms: number) => new Date(now + ms).toISOString();
      const later = store.createHearing({ caseNumber: '2-18/2026', scheduledStart: at(6 * HOUR) });
      store.addParticipant({ hearingId: later.id, name: 'Иванова Мария', role: 'expert', attendance: 'remote' });
      expect(remoteExpected(store, 4, now)).toBe(false);
      expect(remoteExpected(store, 8, now)).toBe(true);

      const soon = store.createHearing({ caseNumber: '2-19/2026', scheduledStart: at(HOUR) });
      const w = store.addParticipant({ hearingId: soon.id, name: 'Қасымов Ғалым', role: 'witness', attendance: 'present' });
      expect(remoteExpected(store, 4, now)).toBe(false);
      store.updateParticipant({ participantId: w.id, attendance: 'remote' });
      expect(remoteExpected(store, 4, now)).toBe(true);
      store.cancelHearing(soon.id, 'тарап келмеді');
      expect(remoteExpected(store, 4, now)).toBe(false);

      const open = store.createHearing({ caseNumber: '2-20/2026', source: 'adhoc' });
      store.addParticipant({ hearingId: open.id, name: 'Үсенов Ұлан', role: 'defendant', attendance: 'remote' });
      expect(remoteExpected(store, 4, now)).toBe(false); // no time, not open: nothing says when
      store.logEntry({ hearingId: open.id, kind: 'opened' });
      expect(remoteExpected(store, 4, now)).toBe(true);
    } finally {
      db.close();
    }
  });
});
