import fs from 'node:fs';
import path from 'node:path';
import { ROOM_TEST_ID_RE, RoomTestSchema, type LastRoomTest, type RoomTest } from '../../common/contract/recording';
import { HattamaError } from '../../common/errors';
import { newSessionId } from '../evidence/session-folder';
import { readWavInfo, wavHeader } from '../evidence/wav';
import { writeFileDurable } from '../fs/durable';
import { ROOM_TEST } from './thresholds';

// Room tests live in DATA/roomtests/<id>/ (audio.wav, result.json), beside the evidence and never
// in it: not under recordings/, not in the session catalog, never announced to central, and
// deleted `keepDays` after the test. The technician plays a channel back from audio.wav.

export const ROOM_TESTS_DIR = 'roomtests';
export const RESULT_FILE = 'result.json';
export const AUDIO_FILE = 'audio.wav';

export function roomTestsDir(dataDir: string): string {
  return path.join(dataDir, ROOM_TESTS_DIR);
}

export function newRoomTestId(): string {
  return `rt-${newSessionId()}`;
}

/** Writes the test's audio (one multi-channel WAV) into a new test folder; returns the folder, relative to dataDir. */
export function writeTestAudio(dataDir: string, id: string, pcm: Buffer, fmt: { channels: number; sampleRate: number }): string {
  const dir = path.join(roomTestsDir(dataDir), id);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(dir, AUDIO_FILE), Buffer.concat([wavHeader(fmt, pcm.length), pcm]), { mode: 0o600 });
  return path.posix.join(ROOM_TESTS_DIR, id);
}

export function writeResult(dataDir: string, result: RoomTest): void {
  writeFileDurable(path.join(dataDir, result.folder, RESULT_FILE), `${JSON.stringify(result, null, 2)}\n`, 0o600);
}

/** One channel (1-based) of a test's audio as a mono WAV, for playing it back. */
export function testChannelWav(dataDir: string, id: string, channel: number): Buffer {
  const file = path.join(roomTestsDir(dataDir), id, AUDIO_FILE);
  if (!ROOM_TEST_ID_RE.test(id) || !fs.existsSync(file)) throw new HattamaError('roomcheck.testNotFound', { id });
  const info = readWavInfo(file);
  if (channel > info.channels) throw new HattamaError('roomcheck.noSuchChannel', { channel, channels: info.channels });
  const data = fs.readFileSync(file).subarray(info.dataOffset);
  const frames = Math.floor(data.length / (2 * info.channels));
  const mono = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) mono.writeInt16LE(data.readInt16LE((i * info.channels + channel - 1) * 2), i * 2);
  return Buffer.concat([wavHeader({ channels: 1, sampleRate: info.sampleRate }, mono.length), mono]);
}

/** The most recent tests first (at most `limit`); unreadable folders are skipped. */
export function recentRoomTests(dataDir: string, limit = 5): RoomTest[] {
  const dir = roomTestsDir(dataDir);
  if (!fs.existsSync(dir)) return [];
  const out: RoomTest[] = [];
  for (const name of fs.readdirSync(dir).sort().reverse()) {
    if (out.length >= limit) break;
    try {
      out.push(RoomTestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, name, RESULT_FILE), 'utf8'))));
    } catch {
      // a test still running, or a folder that is not ours
    }
  }
  return out;
}

/** A test dated more than this ahead of the clock does not count: a clock set back (or a forged date) is no fresh test. */
const FUTURE_SLACK_MS = 5 * 60_000;

/** The last test, and whether a passed one is younger than `validHours` (settings.check.validHours). */
export function lastRoomTest(dataDir: string, validHours: number = ROOM_TEST.validHours, now = Date.now()): LastRoomTest {
  const recent = recentRoomTests(dataDir, 50);
  const age = (t: RoomTest) => now - Date.parse(t.at);
  const passed = recent.find((t) => t.ready && age(t) >= -FUTURE_SLACK_MS && age(t) <= validHours * 3_600_000) ?? null;
  return { test: recent[0] ?? null, validHours, lastPassedAt: passed?.at ?? null, valid: passed !== null };
}

/** Deletes test folders older than `keepDays` (by their result's time, else the folder's). Returns the ids removed. */
export function pruneRoomTests(dataDir: string, now = Date.now(), keepDays: number = ROOM_TEST.keepDays): string[] {
  const dir = roomTestsDir(dataDir);
  if (!fs.existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const folder = path.join(dir, name);
    let at: number;
    try {
      const r = JSON.parse(fs.readFileSync(path.join(folder, RESULT_FILE), 'utf8')) as { at?: string };
      at = r.at ? Date.parse(r.at) : fs.statSync(folder).mtimeMs;
    } catch {
      try {
        at = fs.statSync(folder).mtimeMs;
      } catch {
        continue;
      }
    }
    if (now - at > keepDays * 86_400_000) {
      fs.rmSync(folder, { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}
