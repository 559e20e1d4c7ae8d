import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../main/core/core';
import type { TrackInfo } from '../../main/evidence/chain';
import { OpenSession } from '../../main/evidence/open-session';
import { SessionCatalog } from '../../main/evidence/session-catalog';
import { WavSegmentFile } from '../../main/evidence/wav-segment-file';
import { createLogger } from '../../main/log/logger';
import { testStationKey } from '../support/key-passphrase';

// A real session of a hearing with the microphones' track and the conference track, written
// through the evidence store's own closing path (OpenSession, Broadcast Wave segments,
// chainSegment, seal) as the recorder writes them: the conference's segments open and close with
// the microphones', same startFrame and frames. A conference segment listed in `lost` is never
// written (its capture began late, or the file was lost): the track has nothing for those frames.

export interface ConferenceSessionSpec {
  sessionId: string;
  hearingId: number;
  seconds: number;
  segmentSeconds: number;
  rate: number;
  micChannels: number;
  /** 0: no conference track at all. */
  conferenceChannels: number;
  /** Interleaved s16le of each track's frames [from, from + count). */
  mic: (from: number, count: number) => Buffer;
  conference: (from: number, count: number) => Buffer;
  /** Conference segment numbers (1-based) that are never written. */
  lost?: number[];
}

/** Interleaved s16le: `at(frame)` gives each channel's sample, -1..1. */
export function pcm(channels: number, from: number, count: number, at: (frame: number, channel: number) => number): Buffer {
  const b = Buffer.alloc(count * channels * 2);
  for (let i = 0; i < count; i++) for (let c = 0; c < channels; c++) b.writeInt16LE(Math.round(Math.max(-1, Math.min(1, at(from + i, c))) * 32767), (i * channels + c) * 2);
  return b;
}

export async function writeConferenceSession(core: Core, o: ConferenceSessionSpec): Promise<string> {
  const { log } = createLogger(core.dataDir, { sync: true });
  const s = core.settings.get();
  fs.mkdirSync(path.join(core.dataDir, 'recordings'), { recursive: true });
  const origin = { stationId: s.stationId, court: s.court, courtroom: s.courtroom, caseRef: '2-31/2026', hearingId: String(o.hearingId) };
  const tracks: TrackInfo[] = [{ id: 'audio', kind: 'audio', format: 'wav', sampleRate: o.rate, channels: o.micChannels, roles: Array.from({ length: o.micChannels }, (_, i) => ({ channel: i + 1, role: i ? 'witness' : 'judge' })), device: 'test' }];
  if (o.conferenceChannels) {
    const roles = o.conferenceChannels === 1 ? ['conference'] : ['conference-left', 'conference-right'];
    tracks.push({ id: 'conference', kind: 'audio', format: 'wav', sampleRate: o.rate, channels: o.conferenceChannels, roles: roles.map((role, i) => ({ channel: i + 1, role })), device: 'conference.monitor' });
  }
  const createdAt = '2026-12-01T06:00:00.000Z';
  const session = new OpenSession({
    dataDir: core.dataDir,
    sessionId: o.sessionId,
    session: { ...origin, createdAt },
    tracks,
    catalog: new SessionCatalog(core.db),
    key: () => testStationKey(core.dataDir),
    log,
    onError: (e) => {
      throw e;
    },
  });
  session.mark({ type: 'start', at: createdAt, position: 0 });
  const per = o.segmentSeconds * o.rate;
  for (let i = 1; i <= Math.ceil(o.seconds / o.segmentSeconds); i++) {
    const startFrame = (i - 1) * per;
    const count = Math.min(per, o.seconds * o.rate - startFrame);
    const startedAt = new Date(Date.parse(createdAt) + (startFrame / o.rate) * 1000).toISOString();
    for (const t of tracks) {
      if (t.id === 'conference' && o.lost?.includes(i)) continue;
      const name = `${t.id}-${String(i).padStart(6, '0')}.wav`;
      const seg = new WavSegmentFile(session.dir, name, { channels: t.channels!, sampleRate: o.rate }, { meta: { sessionId: o.sessionId, ...origin, file: name, index: i, startedAt, sampleRate: o.rate, channels: t.channels! } });
      seg.write((t.id === 'audio' ? o.mic : o.conference)(startFrame, count));
      const frames = seg.frames;
      seg.finish();
      await session.chainSegment(name, (h) => ({ track: t.id, index: i, file: name, ...h, frames, startFrame, startedAt }));
    }
  }
  await session.seal('complete', { type: 'stop', at: new Date(Date.parse(createdAt) + o.seconds * 1000).toISOString(), position: o.seconds });
  return session.dir;
}
