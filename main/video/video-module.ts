import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import type { RecordingService } from '../recording/recording-service';
import { VideoService, type VideoTuning } from './video-service';

export type VideoCalls = 'video.open' | 'video.chunk' | 'video.close' | 'video.lost' | 'video.status';

/** The video domain of the core: cameras and the screen, recorded into the audio session's folder. */
export function videoModule(deps: CoreDeps, recording: RecordingService, tuning: Partial<VideoTuning> = {}): CoreModule<VideoCalls> & { service: VideoService } {
  const service = new VideoService({ dataDir: deps.dataDir, db: deps.db, log: deps.log, events: deps.events, recording }, tuning);
  return {
    service,
    handlers: {
      'video.open': (input) => service.open(input),
      'video.chunk': (input) => service.chunk(input),
      'video.close': (input) => service.close(input),
      'video.lost': (input) => service.lost(input),
      'video.status': () => service.status(),
    },
    close: () => service.shutdown(),
  };
}
