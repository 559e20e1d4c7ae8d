import type { RoomTest } from '../../common/contract/recording';
import { bytesPerHour, type Settings } from '../../common/settings';
import type { Db } from '../db/database';
import { freeHours } from '../fs/free-space';
import { roleName, translator } from '../i18n/translator';
import type { Logger } from '../log/logger';
import { roleOf } from '../recording/recording-config';
import type { RecordingService } from '../recording/recording-service';
import { backlog } from '../sync/backlog';
import { measureClockOffset } from './clock-offset';
import { conferenceVerdict } from './conference-verdict';
import { micVerdicts } from './mic-verdicts';
import { readiness, type Reason } from './readiness';
import { announceRoomTest } from './room-test-event';
import { newRoomTestId, pruneRoomTests, writeResult, writeTestAudio } from './room-test-store';

// The room test: the recorder's check device path listens to every microphone for N seconds
// (so a recording still takes the device from it at once), the PCM is kept as the test's
// audio, and the verdicts, the disk, the sync backlog and the clock decide ready / not ready.
// A configured conference device is listened to for the same seconds: its sound decides only
// when a hearing the test covers expects a participant to attend remotely (the core tells).

export interface RoomTestDeps {
  dataDir: string;
  db: Db;
  settings: () => Settings;
  log: Logger;
  recorder: Pick<RecordingService, 'check'>;
  version: string;
  /** Who runs it (shown beside the result in the secretary's console). */
  by?: string;
  /** A hearing the test covers has a participant attending remotely (main/hearing/remote-presence.ts, wired by the core). */
  remoteExpected?: () => boolean;
}

export async function runRoomTest(d: RoomTestDeps, seconds: number): Promise<RoomTest> {
  pruneRoomTests(d.dataDir);
  const s = d.settings();
  const id = newRoomTestId();
  const at = new Date().toISOString();
  const parts: Buffer[] = [];
  const heard = await d.recorder.check(seconds, { onPcm: (pcm) => parts.push(Buffer.from(pcm)), conference: true });
  const remoteExpected = d.remoteExpected?.() ?? false;
  const conference = heard.conference ? conferenceVerdict(heard.conference, remoteExpected) : null;
  const pcm = Buffer.concat(parts);
  const fmt = { channels: s.audio.channels, sampleRate: heard.sampleRate };
  const folder = writeTestAudio(d.dataDir, id, pcm, fmt);
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 2));
  const microphones = micVerdicts(samples, fmt.channels, fmt.sampleRate, (i) => roleOf(s.audio, i));

  const hours = freeHours(d.dataDir, bytesPerHour(s.audio));
  const diskHours = hours === null ? null : Math.round(hours * 10) / 10;
  const b = backlog(d.db);
  const clock = await measureClockOffset({ dataDir: d.dataDir, db: d.db, settings: s, version: d.version, diskHoursLeft: diskHours });
  const verdict = readiness({
    microphones,
    cameras: [],
    camerasChecked: false,
    cameraCount: s.cameras.length,
    diskHours,
    clockOffsetMs: clock?.offsetMs ?? null,
    centralConfigured: !!s.centralUrl,
    backlogSegments: b.segmentsPending,
    backlogEvents: b.queueLength,
    conference,
    remoteExpected,
  });
  const t = translator(s.language);
  // Roles in the station's language: a kk/ru reason never shows an internal role code.
  const text = (r: Reason) => ({ ...r, text: t(`roomcheck:reasons.${r.code}`, typeof r.params.role === 'string' ? { ...r.params, role: roleName(t, r.params.role) } : r.params) });
  const result: RoomTest = {
    id,
    at,
    folder,
    device: heard.device,
    sampleRate: heard.sampleRate,
    seconds: heard.seconds,
    microphones,
    cameras: [],
    camerasChecked: false,
    ...(conference ? { conference } : {}),
    diskHours,
    syncBacklog: { events: b.queueLength, segments: b.segmentsPending, bytes: b.bytesPending },
    clockOffsetMs: clock?.offsetMs ?? null,
    ready: verdict.ready,
    reasons: verdict.reasons.map(text),
    notes: verdict.notes.map(text),
    ...(d.by ? { by: d.by } : {}),
  };
  // The result is a file, not a row: it is written (durably) first, then central is told once,
  // through the outbox, in a transaction of its own. A crash between the two loses the event, not the result.
  writeResult(d.dataDir, result);
  announceRoomTest(d.db, result);
  d.log.info({ roomTest: id, ready: result.ready, verdicts: microphones.map((m) => m.verdict), conference: conference?.verdict ?? null, remoteExpected }, 'room test');
  return result;
}
