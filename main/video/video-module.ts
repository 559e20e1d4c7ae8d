import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import type { SessionHost } from '../evidence/session-host';
import { VideoService, type VideoTuning } from './video-service';

export type VideoCalls = 'video.open' | 'video.chunk' | 'video.close' | 'video.lost' | 'video.status';

/** The video domain of the core: cameras and the screen, recorded as tracks of the session the audio recorder opened. */
export function videoModule(deps: CoreDeps, sessions: SessionHost, tuning: Partial<VideoTuning> = {}): CoreModule<VideoCalls> & { service: VideoService } {
  const service = new VideoService({ log: deps.log, events: deps.events, sessions }, tuning);
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
