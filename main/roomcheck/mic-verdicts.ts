import type { MicResult, MicVerdict } from '../../common/contract/recording';
import { channelOf, channelStats, correlation, type ChannelStats } from '../recording/pcm-analysis';
import { ROOM_TEST } from './thresholds';

// A verdict per microphone from the test's PCM. Order of the questions: a channel with no signal
// is `silent`; one that touches full scale is `clipping`; one whose power is mostly mains hum is
// `hum`; a live channel carrying the same signal as a lower-numbered one is `duplicate` (a
// cross-wired or split cable: the second channel is no microphone of its own); a noise floor too
// high for speech is `noisy`; otherwise `ok`.

const round1 = (n: number) => Math.round(n * 10) / 10;

function verdictOf(s: ChannelStats, duplicateOf: number | null, t = ROOM_TEST): MicVerdict {
  if (s.maxWindowDb <= t.silentDb) return 'silent';
  if (s.clippedSamples >= t.clipSamples) return 'clipping';
  if (s.humShare >= t.humShare) return 'hum';
  if (duplicateOf !== null) return 'duplicate';
  const snr = s.speechDb - s.noiseFloorDb;
  if (s.noiseFloorDb > t.noisyFloorDb || (s.speechDb > t.speechDb && snr < t.noisySnrDb)) return 'noisy';
  return 'ok';
}

export function micVerdicts(pcm: Int16Array, channels: number, rate: number, roleOf: (i: number) => string, t = ROOM_TEST): MicResult[] {
  const signals = Array.from({ length: channels }, (_, i) => channelOf(pcm, channels, i));
  const stats = signals.map((x) => channelStats(x, rate, t));
  const live = (i: number) => stats[i]!.maxWindowDb > t.silentDb && stats[i]!.humShare < t.humShare;
  const duplicateOf: (number | null)[] = stats.map(() => null);
  for (let j = 1; j < channels; j++) {
    if (!live(j)) continue;
    for (let i = 0; i < j; i++) {
      // A channel already found to copy another is no original: compare with originals only.
      if (!live(i) || duplicateOf[i] !== null) continue;
      if (correlation(signals[i]!, signals[j]!) >= t.duplicateCorrelation) {
        duplicateOf[j] = i + 1;
        break;
      }
    }
  }
  return stats.map((s, i) => ({
    channel: i + 1,
    role: roleOf(i),
    verdict: verdictOf(s, duplicateOf[i]!, t),
    duplicateOf: duplicateOf[i]!,
    rmsDb: round1(s.rmsDb),
    peakDb: round1(s.peakDb),
    noiseFloorDb: round1(s.noiseFloorDb),
    snrDb: round1(Math.max(0, s.speechDb - s.noiseFloorDb)),
    humShare: Math.round(s.humShare * 1000) / 1000,
    clippedSamples: s.clippedSamples,
  }));
}
