import type { VideoOpenInputSchema } from '../../common/contract/video';
import type { z } from 'zod';
import type { ChainBody } from '../evidence/chain';
import type { OpenSession } from '../evidence/open-session';
import type { VideoSegmentFile } from '../evidence/video-segment-file';
import type { Logger } from '../log/logger';

// The video side of one open session: its tracks (cameras, screen) and their runs. A "run" is
// one MediaRecorder run in the renderer: its first chunk carries the container header, so every
// run is its own segment file.

export type OpenInput = z.output<typeof VideoOpenInputSchema>;

export interface Run {
  id: number;
  track: Track;
  startedAt: number;
  position: number;
  openedAt: number;
  lastChunkAt: number | null;
  next: number;
  pending: Map<number, { data: Buffer; at: number }>;
  missing: number;
  chunks: number;
  index: number | null;
  file: VideoSegmentFile | null;
  /** Resolves when the previous segment of the track is in the chain (segments chain in index order). */
  prevChained: Promise<void>;
  chained: Promise<void>;
  resolveChained: () => void;
}

export interface Track {
  id: string;
  source: OpenInput['source'];
  role: string;
  label: string;
  mimeType: string;
  ext: string;
  width: number;
  height: number;
  declared: boolean;
  segments: number;
  bytes: number;
  lastChained: Promise<void>;
  /** Wall time the track's last run stopped delivering, when it did not end properly. */
  brokenSince: number | null;
  lost: boolean;
}

export class VideoSession {
  readonly tracks = new Map<string, Track>();
  readonly runs = new Map<number, Run>();
  readonly closedRuns = new Set<number>();
  /** Segment closings under way (remux, hash, chain). */
  readonly closing = new Set<Promise<void>>();
  nextRun = 1;
  finishing = false;

  constructor(
    readonly session: OpenSession,
    /** Audio segments closed so far: one more while recording means rotate. */
    public audioSegments: number,
    readonly timer: NodeJS.Timeout,
    private readonly log: Logger,
  ) {}

  get id(): string {
    return this.session.sessionId;
  }

  hasOpenRun(track: string): boolean {
    return [...this.runs.values()].some((r) => r.track.id === track);
  }

  runsOf(track: Track): Run[] {
    return [...this.runs.values()].filter((r) => r.track === track);
  }

  /** Appends to the session's chain, in order with the audio; a failure is logged, never thrown. */
  chain(body: ChainBody): Promise<void> {
    return this.session.enqueueTask((append) => {
      append(body);
    }).catch((e) => {
      this.log.error({ err: e, type: body.type }, 'could not append a video entry to the chain');
    });
  }
}
