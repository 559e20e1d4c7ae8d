import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../main/core/core';
import { OpenSession } from '../../main/evidence/open-session';
import { SessionCatalog } from '../../main/evidence/session-catalog';
import { WavSegmentFile } from '../../main/evidence/wav-segment-file';
import { createLogger } from '../../main/log/logger';
import { testStationKey } from '../support/key-passphrase';

// A real session of a hearing in a core's data directory, written through the evidence store's
// own closing path (OpenSession, Broadcast Wave segments, chainSegment, seal): `seconds` one-second
// segments of 2-channel audio whose every frame is distinct (a ramp), and, with `video`, one camera
// segment made by ffmpeg (a test pattern, a keyframe every half second) placed at 0 on the timeline.

export const RATE = 8000;
export const CHANNELS = 2;

/** Frame n's two samples: distinct for every n, so a clip taken from the wrong place cannot match. */
export function frameBytes(from: number, count: number): Buffer {
  const b = Buffer.alloc(count * CHANNELS * 2);
  for (let i = 0; i < count; i++) {
    const n = from + i;
    b.writeInt16LE((n % 30000) - 15000, i * 4);
    b.writeInt16LE(Math.floor(n / 30000) + 1, i * 4 + 2);
  }
  return b;
}

/** `whileOpen`: runs before the manifest is signed (the session is still being recorded). */
/** `samples`: the audio's frames [from, from + count) (default: the distinct ramp of frameBytes). */
export async function writeHearingSession(core: Core, sessionId: string, hearingId: number, seconds = 3, video = false, whileOpen?: () => Promise<void>, samples: (from: number, count: number) => Buffer = frameBytes): Promise<string> {
  const { log } = createLogger(core.dataDir, { sync: true });
  const s = core.settings.get();
  fs.mkdirSync(path.join(core.dataDir, 'recordings'), { recursive: true });
  const session = new OpenSession({
    dataDir: core.dataDir,
    sessionId,
    session: { stationId: s.stationId, court: s.court, courtroom: s.courtroom, caseRef: '2-13/2026', hearingId: String(hearingId), createdAt: new Date().toISOString() },
    tracks: [
      { id: 'audio', kind: 'audio', format: 'wav', sampleRate: RATE, channels: CHANNELS, roles: [{ channel: 1, role: 'judge' }, { channel: 2, role: 'witness' }], device: 'test' },
      ...(video ? [{ id: 'cam1', kind: 'video' as const, format: 'webm', source: 'camera' as const, role: 'main', mimeType: 'video/webm', width: 160, height: 120 }] : []),
    ],
    catalog: new SessionCatalog(core.db),
    key: () => testStationKey(core.dataDir),
    log,
    onError: (e) => {
      throw e;
    },
  });
  session.mark({ type: 'start', at: new Date().toISOString(), position: 0 });
  for (let i = 1; i <= seconds; i++) {
    const name = `audio-${String(i).padStart(6, '0')}.wav`;
    const startFrame = (i - 1) * RATE;
    // Broadcast Wave, as the recorder writes it: the samples start past bext and iXML (4 KiB).
    const meta = { sessionId, stationId: s.stationId, court: s.court, courtroom: s.courtroom, caseRef: '2-13/2026', hearingId: String(hearingId), file: name, index: i, startedAt: new Date().toISOString(), sampleRate: RATE, channels: CHANNELS };
    const seg = new WavSegmentFile(session.dir, name, { channels: CHANNELS, sampleRate: RATE }, { meta });
    seg.write(samples(startFrame, RATE));
    const frames = seg.frames;
    seg.finish();
    const at = new Date().toISOString();
    await session.chainSegment(name, (h) => ({ track: 'audio', index: i, file: name, ...h, frames, startFrame, startedAt: at }));
  }
  if (video) {
    const name = 'cam1-000001.webm';
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=160x120:rate=10:duration=${seconds}`, '-c:v', 'libvpx', '-g', '5', '-keyint_min', '5', '-b:v', '200k', path.join(session.dir, name)]);
    const at = new Date().toISOString();
    await session.chainSegment(name, (h) => ({ track: 'cam1', index: 1, file: name, ...h, startedAt: at, position: 0, durationMs: seconds * 1000, sourceSha256: h.sha256, sourceBytes: h.bytes, remuxed: false, chunks: 1, missingChunks: 0, complete: true }));
  }
  await whileOpen?.();
  await session.seal('complete', { type: 'stop', at: new Date().toISOString(), position: seconds });
  return session.dir;
}
