import type { ProtocolStore } from '../protocol/store';
import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import { authorOf } from '../runtime/handlers';
import { lastRoomTest } from '../roomcheck/room-test-store';
import { HearingService } from './hearing-service';
import { admitKindChange } from './rules';
import type { Recorder } from './recorder';

export type HearingCalls =
  | 'protocol.startHearing'
  | 'protocol.logEntry'
  | 'protocol.editEntry'
  | 'hearing.allowed'
  | 'hearing.privacyMute'
  | 'protocol.cancelHearing'
  | 'recording.start'
  | 'recording.pause'
  | 'recording.resume'
  | 'recording.stop'
  | 'recording.state';

/**
 * The hearing domain of the core: the calls that move a hearing or its recorder. The recorder's
 * own calls come here too, so that no door can stop a hearing's recording behind its back.
 */
export function hearingModule(deps: CoreDeps, store: ProtocolStore, recorder: Recorder): CoreModule<HearingCalls> & { service: HearingService } {
  const service = new HearingService({ store, recorder, events: deps.events, log: deps.log, lastRoomTest: () => lastRoomTest(deps.dataDir, deps.settings.get().check.validHours),
    mute: { db: deps.db, settings: () => deps.settings.get() },
  });
  // Recovery has run (the evidence store opens first): a hearing cut off by a crash says so in its protocol.
  try {
    service.noteInterruptions(deps.dataDir, deps.db);
  } catch (e) {
    deps.log.error({ err: e }, 'could not log the interruptions of recovered recordings');
  }
  return {
    service,
    close: () => service.close(),
    handlers: {
      'protocol.startHearing': (i, ctx) => service.startHearing({ ...i, author: authorOf(ctx) }),
      'protocol.logEntry': (i, ctx) => service.logEntry({ ...i, author: authorOf(ctx) }),
      // A corrected kind meets the hearing's rules first; the store keeps the revision (as for text: an addendum once signed).
      'protocol.editEntry': (i, ctx) => {
        const from = store.entry(i.entryId).kind;
        if (i.kind !== undefined && i.kind !== from) admitKindChange(from, i.kind);
        return store.editEntry({ ...i, author: authorOf(ctx) });
      },
      'hearing.allowed': ({ hearingId }) => service.allowed(hearingId),
      'hearing.privacyMute': ({ hearingId, channel, on }, ctx) => service.privacyMute({ hearingId, channel, on, author: authorOf(ctx) }),
      'protocol.cancelHearing': ({ hearingId, reason }, ctx) => service.cancelHearing({ hearingId, reason, author: authorOf(ctx) }),
      'recording.start': ({ hearingId, caseRef }) => service.startRecording({ ...(hearingId !== undefined ? { hearingId: Number(hearingId) } : {}), ...(caseRef ? { caseRef } : {}) }),
      'recording.pause': ({ reason }) => service.pause(reason),
      'recording.resume': () => service.resume(),
      'recording.stop': () => service.stop(),
      'recording.state': ({ hearingId }) => service.recordingState(hearingId),
    },
  };
}
