import type { ConferenceResult } from '../../common/contract/recording';
import type { ConferenceHeard } from '../recording/conference-check';
import { channelOf, channelStats, FLOOR_DB } from '../recording/pcm-analysis';
import { ROOM_TEST } from './thresholds';

// The conference's verdict in the room test: `ok` when any of its channels had a 100 ms window
// above the silence threshold (a call is playing sound), `silent` when none did, `unavailable`
// when the device could not be opened or gave no audio. Levels are the loudest channel's.

const round1 = (n: number) => Math.round(n * 10) / 10;

export function conferenceVerdict(heard: ConferenceHeard, expected: boolean, t = ROOM_TEST): ConferenceResult {
  if ('error' in heard) return { device: heard.device, verdict: 'unavailable', peakDb: FLOOR_DB, rmsDb: FLOOR_DB, expected };
  const samples = new Int16Array(heard.pcm.buffer, heard.pcm.byteOffset, Math.floor(heard.pcm.length / 2));
  const stats = Array.from({ length: heard.channels }, (_, i) => channelStats(channelOf(samples, heard.channels, i), heard.sampleRate, t));
  const loud = (s: (typeof stats)[number]) => s.maxWindowDb > t.silentDb;
  return {
    device: heard.device,
    verdict: stats.some(loud) ? 'ok' : 'silent',
    peakDb: round1(Math.max(FLOOR_DB, ...stats.map((s) => s.peakDb))),
    rmsDb: round1(Math.max(FLOOR_DB, ...stats.map((s) => s.rmsDb))),
    expected,
  };
}
