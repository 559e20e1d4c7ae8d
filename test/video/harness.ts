import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RecordingState } from '../../common/contract/recording';
import { EventBus } from '../../main/runtime/event-bus';
import { openStationDatabase } from '../../main/core/station-schema';
import { type Db } from '../../main/db/database';
import { createLogger } from '../../main/log/logger';
import { AudioTrackWriter } from '../../main/evidence/audio-track-writer';
import type { TrackInfo } from '../../main/evidence/chain';
import type { Manifest } from '../../main/evidence/manifest';
import type { OpenSession } from '../../main/evidence/open-session';
import { SessionCatalog } from '../../main/evidence/session-catalog';
import { SessionHost } from '../../main/evidence/session-host';
import { VideoService, type VideoTuning } from '../../main/video/video-service';
import { auditEvents, type EventAudit } from '../support/contract-events';
import { tempDir } from '../support/tools';
import { testStationKey } from '../support/key-passphrase';

// The video service against a real session folder and chain, without audio capture: the
// harness opens the session in the evidence store's host as the recorder does, writes a second
// of silence into its audio track, and stops it as the recorder does (attached tracks, then seal).

export interface VideoHarness {
  dir: string;
  db: Db;
  events: EventBus;
  writer: OpenSession;
  audio: AudioTrackWriter;
  /** The events put on the bus, checked against the contract. */
  audit: EventAudit;
  video: VideoService;
  /** Emits recording.state as the recorder would. */
  state(state: RecordingState['state'], segments?: number): void;
  /** Stops like the recorder: attached tracks finish, then the manifest. */
  finish(): Promise<Manifest>;
}

export function openVideoHarness(tuning: Partial<VideoTuning> = {}): VideoHarness {
  const dir = tempDir('hattama-video-');
  const { log } = createLogger(dir, { sync: true });
  const db = openStationDatabase(dir);
  const events = new EventBus();
  const audit = auditEvents(events);
  fs.mkdirSync(path.join(dir, 'recordings'), { recursive: true });
  const host = new SessionHost({ dataDir: dir, catalog: new SessionCatalog(db), log, stationKey: () => testStationKey(dir) });
  const video = new VideoService({ log, events, sessions: host }, tuning);
  const track: TrackInfo = { id: 'audio', kind: 'audio', format: 'wav', sampleRate: 48000, channels: 1 };
  const writer = host.open(`S${Date.now()}`, {
    stationId: 'test-station',
    court: '',
    courtroom: '',
    caseRef: null,
    hearingId: null,
    createdAt: new Date().toISOString(),
    tracks: [track],
    onError: (e) => {
      throw e;
    },
  });
  const audio = new AudioTrackWriter(writer, track, 48000 * 60, {
    onSegmentChained: () => undefined,
    onError: (e) => {
      throw e;
    },
  });
  writer.mark({ type: 'start', at: new Date().toISOString(), position: 0 });
  // One second of silence opens the audio segment: the timeline has an anchor.
  audio.write(Buffer.alloc(48000 * 2), Date.now() - 1000);
  const state = (st: RecordingState['state'], segments = 0) =>
    events.emit('recording.state', { state: st, sessionId: writer.sessionId, folder: writer.relDir, caseRef: null, hearingId: null, startedAt: null, position: audio.positionSec, pauseReason: null, device: 'x', sampleRate: 48000, channels: [], segments, capturing: true, timeline: [], muted: [] });
  state('recording');
  return {
    dir: writer.dir,
    db,
    events,
    audit,
    writer,
    audio,
    video,
    state,
    async finish() {
      writer.beginFinish();
      await writer.finishAttached();
      audio.closeSegment();
      const manifest = await writer.seal('complete', { type: 'stop', at: new Date().toISOString(), position: audio.positionSec });
      host.release(writer);
      return manifest;
    },
  };
}

/** A small WebM like MediaRecorder's (VP8, no cues), made by ffmpeg; cached. */
let cached: string | null = null;
export function sampleWebm(seconds = 4): Buffer {
  if (!cached || !fs.existsSync(cached)) {
    const out = path.join(tempDir('hattama-webm-'), 'sample.webm');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=160x120:rate=15:duration=${seconds}`, '-c:v', 'libvpx', '-b:v', '200k', '-deadline', 'realtime', '-cues_to_front', '0', out]);
    cached = out;
  }
  return fs.readFileSync(cached);
}

/** Splits bytes into n roughly equal chunks (MediaRecorder's chunks are arbitrary byte ranges too). */
export function splitBytes(b: Buffer, n: number): Buffer[] {
  const size = Math.ceil(b.length / n);
  const out: Buffer[] = [];
  for (let o = 0; o < b.length; o += size) out.push(b.subarray(o, o + size));
  return out;
}

export function ffprobeDuration(file: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
}

export const openInput = (sessionId: string, track = 'cam1', extra: Record<string, unknown> = {}) => ({
  sessionId,
  track,
  source: track === 'screen' ? ('screen' as const) : ('camera' as const),
  role: 'judge',
  label: 'Fake camera',
  width: 160,
  height: 120,
  mimeType: 'video/webm;codecs=vp8' as const,
  startedAt: Date.now(),
  sentAt: Date.now(),
  continues: null,
  ...extra,
});
