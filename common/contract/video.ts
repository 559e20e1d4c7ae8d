import { z } from 'zod';
import { call, event } from './define';

// The video domain: the renderer owns the cameras and the screen capture (getUserMedia,
// getDisplayMedia, MediaRecorder); the core owns the files. One MediaRecorder run is one "run":
// `video.open` announces it, `video.chunk` carries its bytes in order (base64, one contract for
// IPC and the JSON bridge), `video.close` ends it. The core acknowledges every chunk; the
// renderer keeps a chunk until it is acknowledged and resends it after a reconnect. A run
// becomes one segment file in the audio session's folder, hashed into the same chain.

/** Decoded bytes of one chunk at most. The renderer splits bigger blobs (chunks are byte ranges). */
export const MAX_VIDEO_CHUNK_BYTES = 4 * 1024 * 1024;
/** Base64 characters the schema lets through: above the limit, so the core can say "too large" clearly. */
export const MAX_VIDEO_CHUNK_BASE64 = 8 * 1024 * 1024;
/** Cameras recorded at once (settings.cameras has at most this many; the screen comes on top). */
export const MAX_RECORDED_CAMERAS = 4;

/** Track ids: cam1..cam10 for cameras, screen for the video-conference screen or window. */
export const VideoTrackIdSchema = z.string().regex(/^(cam([1-9]|10)|screen)$/);
export const VideoSourceSchema = z.enum(['camera', 'screen']);
export const VIDEO_MIME_TYPES = ['video/mp4;codecs=avc1', 'video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'] as const;
export const VideoMimeTypeSchema = z.enum(VIDEO_MIME_TYPES);

const sessionId = z.string().min(1).max(100);
const seq = z.int().min(0).max(10_000_000);

export const VideoOpenInputSchema = z
  .object({
    sessionId,
    track: VideoTrackIdSchema,
    source: VideoSourceSchema,
    role: z.string().trim().min(1).max(60),
    /** What the browser calls the device (or the captured window). */
    label: z.string().max(300),
    width: z.int().min(1).max(8192),
    height: z.int().min(1).max(8192),
    mimeType: VideoMimeTypeSchema,
    /** Renderer wall clock (ms since epoch) of the recorder's start: the first frame. */
    startedAt: z.number().positive(),
    /** Renderer wall clock when this call was sent (the core checks the clocks agree). */
    sentAt: z.number().positive(),
    /** The run this one follows without a break (segment rotation: the old one overlaps). */
    continues: z.int().min(1).nullable(),
  })
  .strict();

export const VideoOpenOutputSchema = z.object({
  run: z.int().min(1),
  /** Seconds on the recording's common (audio) timeline where this run starts. */
  position: z.number(),
});

export const VideoChunkInputSchema = z
  .object({
    sessionId,
    track: VideoTrackIdSchema,
    run: z.int().min(1),
    /** 0, 1, 2, ... within the run. */
    seq,
    data: z.string().max(MAX_VIDEO_CHUNK_BASE64),
  })
  .strict();

export const VideoChunkOutputSchema = z.object({
  /** Every chunk up to and including this seq is with the core. */
  acked: z.int().min(-1),
  /** This chunk had arrived before (a resend after reconnect). */
  duplicate: z.boolean(),
});

export const VideoCloseInputSchema = z
  .object({
    sessionId,
    track: VideoTrackIdSchema,
    run: z.int().min(1),
    /** seq of the last chunk the recorder produced; -1 for none. */
    lastSeq: z.int().min(-1),
  })
  .strict();

export const VideoTrackStatusSchema = z.object({
  track: z.string(),
  source: VideoSourceSchema,
  role: z.string(),
  label: z.string(),
  run: z.int().nullable(),
  segments: z.int().nonnegative(),
  bytes: z.number().nonnegative(),
  lastChunkAt: z.number().nullable(),
  /** recording: chunks arrive; lost: no chunks for a while (camera gone or the UI reloading). */
  state: z.enum(['recording', 'lost', 'closed']),
});
export type VideoTrackStatus = z.infer<typeof VideoTrackStatusSchema>;

export const VideoStatusSchema = z.object({
  sessionId: z.string().nullable(),
  /** The core takes video now (a session records and is not finishing). */
  accepting: z.boolean(),
  tracks: z.array(VideoTrackStatusSchema),
});
export type VideoStatus = z.infer<typeof VideoStatusSchema>;

export const VideoControlSchema = z.object({
  sessionId: z.string(),
  /** rotate: start a new run now (the audio started a new segment); stop: the session is ending. */
  action: z.enum(['rotate', 'stop']),
});
export type VideoControl = z.infer<typeof VideoControlSchema>;

export const videoCalls = {
  'video.open': call(VideoOpenInputSchema, VideoOpenOutputSchema, 'A camera or screen recorder (re)started: opens a run, placed on the audio timeline.'),
  'video.chunk': call(VideoChunkInputSchema, VideoChunkOutputSchema, 'One encoded chunk of a run, in order; acknowledged once the core has written it.'),
  'video.close': call(VideoCloseInputSchema, z.object({ closed: z.boolean() }), 'The recorder of a run stopped; the core closes, remuxes, hashes and chains its segment.'),
  'video.lost': call(
    z.object({ sessionId, track: VideoTrackIdSchema, run: z.int().min(1).nullable() }).strict(),
    z.object({ alarmed: z.boolean() }),
    'A camera disappeared (its track ended): alarm naming it; the other tracks go on.',
  ),
  'video.status': call(z.object({}).strict(), VideoStatusSchema, 'Video tracks of the session being recorded.'),
};

export const videoEvents = {
  'video.control': event(VideoControlSchema, 'Instructions to the renderer: rotate segments with the audio, stop before the session is signed.'),
  'video.status': event(VideoStatusSchema, 'After a run opens or closes, or a track is lost.'),
};
