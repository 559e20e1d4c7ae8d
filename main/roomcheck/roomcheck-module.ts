import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import { authorOf } from '../runtime/handlers';
import type { RecordingService } from '../recording/recording-service';
import { runRoomTest } from './room-test';
import { lastRoomTest, testChannelWav } from './room-test-store';

export type RoomCheckCalls = 'recording.roomTest' | 'recording.lastRoomTest' | 'recording.roomTestAudio';

/** The room test before a hearing, on the core's recorder (which refuses it while recording). */
export function roomCheckModule(deps: CoreDeps, recorder: Pick<RecordingService, 'check'>, version: string, remoteExpected: () => boolean = () => false): CoreModule<RoomCheckCalls> {
  return {
    handlers: {
      'recording.roomTest': ({ seconds }, ctx) => runRoomTest({ dataDir: deps.dataDir, db: deps.db, settings: () => deps.settings.get(), log: deps.log, recorder, version, by: authorOf(ctx), remoteExpected }, seconds),
      'recording.lastRoomTest': () => lastRoomTest(deps.dataDir, deps.settings.get().check.validHours),
      'recording.roomTestAudio': ({ id, channel }) => ({ mime: 'audio/wav' as const, base64: testChannelWav(deps.dataDir, id, channel).toString('base64') }),
    },
  };
}
