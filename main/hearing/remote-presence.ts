import type { HearingDetail } from '../../common/contract/protocol';
import type { RecordingState } from '../../common/contract/recording';
import type { Logger } from '../log/logger';
import type { ProtocolStore } from '../protocol/store';
import type { EventBus } from '../runtime/event-bus';

// Who attends remotely is the protocol's knowledge (the roster's attendance "remote"); the recorder
// below must not read the protocol, so the hearing layer tells it: whether the hearing it records
// has a remote participant now (its conference silence is an alarm only then), and, for the room
// test, whether a hearing the test covers expects one.

const LIVE = new Set(['in_progress', 'recess', 'deliberation']);

export function attendsRemotely(d: HearingDetail): boolean {
  return d.participants.some((p) => p.attendance === 'remote' && p.withdrawnAt === null);
}

/** The hearing being recorded has a participant attending remotely. */
export function recordedHearingRemote(store: Pick<ProtocolStore, 'detail'>, s: RecordingState): boolean {
  if ((s.state !== 'recording' && s.state !== 'paused') || s.hearingId === null) return false;
  const id = Number(s.hearingId);
  return Number.isInteger(id) && attendsRemotely(store.detail(id));
}

/**
 * For the room test: an open hearing, or one scheduled to start within the test's validity
 * (settings.check.validHours: the hearings a passed test lets open), has a remote participant.
 * A room test cannot run while a hearing records, so the hearings still to open count too.
 */
export function remoteExpected(store: Pick<ProtocolStore, 'hearings' | 'detail'>, validHours: number, now = Date.now()): boolean {
  const until = now + validHours * 3_600_000;
  return store
    .hearings({ scope: 'upcoming' })
    .some((h) => !h.cancelled && (LIVE.has(h.status) || (h.status === 'scheduled' && h.scheduledStart !== null && Date.parse(h.scheduledStart) <= until)) && attendsRemotely(store.detail(h.id)));
}

export interface PresenceDeps {
  events: Pick<EventBus, 'on'>;
  store: Pick<ProtocolStore, 'detail'>;
  recorder: { state(): RecordingState; setRemoteExpected(on: boolean): void };
  log: Logger;
}

/** Keeps the recorder told, on every change of the roster or of the recording; returns the unsubscribe. */
export function followRemotePresence(d: PresenceDeps): () => void {
  let told = false;
  const update = () => {
    try {
      const on = recordedHearingRemote(d.store, d.recorder.state());
      if (on === told) return;
      told = on;
      d.recorder.setRemoteExpected(on);
      d.log.info({ remote: on, hearingId: d.recorder.state().hearingId }, on ? 'a participant attends remotely: the conference sound is watched' : 'no participant attends remotely now');
    } catch (e) {
      // A listener of the protocol's writes must never fail them.
      d.log.error({ err: e }, 'could not tell the recorder who attends remotely');
    }
  };
  const offProtocol = d.events.on('protocol.changed', update);
  const offRecording = d.events.on('recording.state', update);
  return () => {
    offProtocol();
    offRecording();
  };
}
